// Shared by the disclosure tests: a service vault and a maison de justice vault that know each
// other's cards, a dossier with visits, notes, plan items and referrals (DisclosureWorld), and helpers to read
// every byte of a vault's files (a refusal must leave them byte-identical) and a PDF's text.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/disclosure.h"
#include "passerelle/core/organisation.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/clock.h"
#include "passerelle/platform/file.h"
#include "temp_dir.h"
#include "vault_fixture.h"

namespace passerelle::testing {

inline std::unique_ptr<core::Vault> MakeVault(const TempDir& dir, const std::string& name, platform::Clock* clock,
                                              const std::string& service, const std::string& kind = "service") {
  auto o = FastVaultOptions(clock);
  o.service = service;
  o.organisation_kind = kind;
  auto v = core::Vault::Create(dir.File(name), platform::SecureBuffer::FromString("correct horse"), o);
  REQUIRE_MESSAGE(v.ok(), v.status().message());
  return std::move(v).value();
}

// Each vault records the other's card as verified.
inline void Introduce(core::Vault& a, core::Vault& b) {
  auto card_b = core::OwnOrganisation(b);
  REQUIRE(card_b.ok());
  REQUIRE(core::AddVerifiedRecipient(a, core::EncodeCard(*card_b), card_b->Fingerprint()).ok());
  auto card_a = core::OwnOrganisation(a);
  REQUIRE(card_a.ok());
  REQUIRE(core::AddVerifiedRecipient(b, core::EncodeCard(*card_a), card_a->Fingerprint()).ok());
}

inline std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The vault database, its WAL and its key file, concatenated with separators: a refusal must
// leave every one of them as it was.
inline std::string VaultBytes(const core::Vault& v) {
  return FileBytes(v.path()) + "\n--wal--\n" + FileBytes(v.path() + "-wal") + "\n--key--\n" +
         FileBytes(v.path() + ".key");
}

// pdftotext (poppler-utils) of a PDF's bytes.
inline std::string PdfText(const TempDir& dir, const std::vector<uint8_t>& pdf) {
  const std::string in = dir.File("extract.pdf"), out = dir.File("extract.txt");
  REQUIRE(platform::WriteFileAtomic(in, pdf).ok());
  const std::string cmd = "pdftotext -enc UTF-8 '" + in + "' '" + out + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return FileBytes(out);
}

inline constexpr const char* kMaisonDeJustice = "Maison de justice de Mons";

// A service (CAPREV) and a maison de justice that know each other's cards, on 2026-05-28, and a
// dossier whose fields hold markers (ALIASMARK, PLACEMARK, NOTEMARK, GOALMARK, BARRIERMARK,
// LEVERMARK, COMMENTMARK, the referral's service "svc-1"): a document must carry a marker only when
// its allow-list names the field.
struct DisclosureWorld {
  TempDir dir;
  platform::FakeClock clock{1'780'000'000'000};  // 2026-05-28
  std::unique_ptr<core::Vault> service = MakeVault(dir, "caprev.vault", &clock, "CAPREV");
  std::unique_ptr<core::Vault> mj = MakeVault(dir, "mj.vault", &clock, kMaisonDeJustice, "maison_de_justice");
  std::string person, dossier, note, plan, referral;
  DisclosureWorld() {
    Introduce(*service, *mj);
    core::Vault& v = *service;
    person = core::AddPerson(v, {{"name", "Zoë Peeters"}, {"birth_date", "1990-03-04"}, {"alias", "ALIASMARK"},
                                 {"establishment", "Prison de Haren"}}).value();
    dossier = core::AddDossier(v, {{"person_id", person}, {"basis", "voluntary"}}).value();
    REQUIRE(core::AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-05-04"}, {"kind", "individual"},
                               {"outcome", "present"}, {"place", "PLACEMARK"}}, {"motivational_interviewing"}).ok());
    REQUIRE(core::AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-05-11"}, {"kind", "tripartite"},
                               {"outcome", "no_show"}}, {}).ok());
    REQUIRE(core::AddVisit(v, {{"dossier_id", dossier}, {"date", "2026-03-01"}, {"kind", "individual"},
                               {"outcome", "justified_absence"}}, {}).ok());
    note = core::AddNote(v, {{"dossier_id", dossier}, {"body", "NOTEMARK the substance of the file"}}).value();
    plan = core::AddPlanItem(v, {{"dossier_id", dossier}, {"domain", "housing"}, {"goal", "GOALMARK a flat"},
                                 {"barriers", "BARRIERMARK"}, {"levers", "LEVERMARK"}}).value();
    referral = core::AddReferral(v, {{"plan_item_id", plan}, {"service_id", "svc-1"}, {"comment", "COMMENTMARK"}}).value();
  }
  std::string Consent(const std::string& partner, const std::string& scope, const std::string& given = "2026-01-01") {
    auto id = core::AddConsent(*service, {{"dossier_id", dossier}, {"partner", partner}, {"scope", scope}, {"given_on", given}});
    REQUIRE_MESSAGE(id.ok(), id.status().message());
    return *id;
  }
  core::DisclosureRequest Request(core::DocumentKind kind, const std::string& to = kMaisonDeJustice) const {
    core::DisclosureRequest r;
    r.kind = kind;
    r.dossier_id = dossier;
    r.recipient = to;
    return r;
  }
};

// Every word of a composed document: title, header, each block's label, text and cells.
inline std::string DocumentText(const core::DisclosureDocument& d) {
  std::string s = d.title + "\n";
  for (const auto& [k, val] : d.header) s += k + ": " + val + "\n";
  for (const auto& b : d.blocks) {
    s += b.label + ": " + b.text + "\n";
    for (const auto& c : b.cells) s += c + "\n";
  }
  return s + d.footer;
}

}  // namespace passerelle::testing
