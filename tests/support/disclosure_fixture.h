// Shared by the disclosure tests: a service vault and a maison de justice vault that know each
// other's cards, a dossier with visits, notes, plan items and referrals, and helpers to read
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

}  // namespace passerelle::testing
