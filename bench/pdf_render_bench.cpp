// Disclosure PDFs (issue 12): time and size of an attendance attestation for a year of weekly
// visits (52 table rows, French) and of a 20-page document (the shape of a person's own copy),
// rendered with cairo + pango and then signed (core/disclosure_seal.h, Ed25519 over the bytes).
// The first render of a process also loads the DejaVu fonts: reported apart as "cold".
// Usage: pdf_render_bench [ROUNDS]. Output: lines for people, then "RESULT key=value ..." lines.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "passerelle/core/disclosure_seal.h"
#include "passerelle/core/organisation.h"
#include "passerelle/platform/pdf/render.h"
#include "pdf_samples.h"

using namespace passerelle;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

size_t Pages(const std::vector<uint8_t>& pdf) {  // "/Type /Page" objects, not "/Type /Pages"
  const std::string text(pdf.begin(), pdf.end());
  size_t n = 0;
  for (size_t at = text.find("/Type /Page"); at != std::string::npos; at = text.find("/Type /Page", at + 1)) {
    if (text.compare(at, 12, "/Type /Pages") != 0) ++n;
  }
  return n;
}

struct Signer {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  core::OrganisationCard card;
  Signer() {
    if (sodium_init() < 0) std::abort();
    crypto_sign_keypair(pk, sk);
    std::copy(std::begin(pk), std::end(pk), card.signing_key.begin());
    card.id = core::OrganisationIdOf(card.signing_key);
    card.name = "CAPREV Bruxelles";
  }
  core::Signer Fn() {
    return [this](std::span<const uint8_t> m) -> Result<std::array<uint8_t, 64>> {
      std::array<uint8_t, 64> sig{};
      crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), sk);
      return sig;
    };
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  Signer signer;
  core::SignedStatement statement;
  statement.kind = "attendance";
  statement.issuer_card = core::EncodeCard(signer.card);
  statement.recipient_name = "Maison de justice de Mons";
  statement.issued_at = "2026-12-04T10:15:00Z";
  statement.verification_code = "7K3Q-9XPA-M2DE-4HRT";

  struct Case {
    const char* name;
    platform::pdf::Document doc;
  };
  const std::vector<Case> cases = {{"attestation_52", testing::SampleAttestation("fr", 52)},
                                   {"document_20p", testing::SampleLongDocument(20)}};
  bool first = true;
  for (const Case& c : cases) {
    std::vector<double> render_ms, sign_ms;
    size_t bytes = 0, signed_bytes = 0, pages = 0;
    for (int r = 0; r <= rounds; ++r) {
      const auto t0 = Clock::now();
      auto pdf = platform::pdf::Render(c.doc);
      const auto t1 = Clock::now();
      if (!pdf.ok()) {
        std::fprintf(stderr, "%s\n", pdf.status().message().c_str());
        return 1;
      }
      auto sealed = core::SignPdf(*pdf, statement, signer.Fn());
      const auto t2 = Clock::now();
      if (!sealed.ok()) {
        std::fprintf(stderr, "%s\n", sealed.status().message().c_str());
        return 1;
      }
      if (first) {
        std::printf("cold first render (fonts loaded): %.1f ms\n", Ms(t1 - t0));
        std::printf("RESULT case=cold render_ms=%.2f\n", Ms(t1 - t0));
        first = false;
        continue;
      }
      if (r == 0) continue;  // warm-up of this case
      render_ms.push_back(Ms(t1 - t0));
      sign_ms.push_back(Ms(t2 - t1));
      bytes = pdf->size();
      signed_bytes = sealed->size();
      pages = Pages(*pdf);
    }
    std::printf("%-15s %2zu pages  render %7.1f ms (median of %d, max %.1f)  sign %.2f ms  %zu bytes (%zu signed)\n",
                c.name, pages, Median(render_ms), rounds, *std::max_element(render_ms.begin(), render_ms.end()),
                Median(sign_ms), bytes, signed_bytes);
    std::printf("RESULT case=%s pages=%zu render_ms=%.2f render_max_ms=%.2f sign_ms=%.3f bytes=%zu signed_bytes=%zu\n",
                c.name, pages, Median(render_ms), *std::max_element(render_ms.begin(), render_ms.end()),
                Median(sign_ms), bytes, signed_bytes);
  }
  return 0;
}
