// The sealed-key codec (core/include/passerelle/core/sealed_key.h) and the vault key file over it
// (core/src/key_file.h): the layout read back field by field, the shapes told apart before any
// work, a file sealed outside Passerelle (libsodium directly: tests/fuzz/key_file/
// valid_low_cost.bin, passphrase "fuzz", key bytes 100..131) still opening, and the vault key
// file's answers to damaged and newer files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "key_file.h"
#include "passerelle/core/sealed_key.h"
#include "passerelle/platform/file.h"

using namespace passerelle;
namespace sealed_key = passerelle::core::sealed_key;

namespace {

constexpr sealed_key::Format kTestFormat{"PSRLTEST", "no memory", "wrong"};

platform::SecureBuffer Pass(const char* s) { return platform::SecureBuffer::FromString(s); }

std::vector<uint8_t> Fixture() {
  auto file = platform::ReadFile(std::string(PASSERELLE_SOURCE_DIR) + "/tests/fuzz/key_file/valid_low_cost.bin");
  REQUIRE(file.ok());
  return *file;
}

}  // namespace

TEST_CASE("a sealed key reads back its header and opens with its passphrase only") {
  REQUIRE(platform::InitCrypto());
  platform::SecureBuffer secret(sealed_key::kSecretBytes);
  for (size_t i = 0; i < secret.size(); ++i) secret.data()[i] = static_cast<uint8_t>(i * 7);
  auto file = sealed_key::Seal(kTestFormat, secret, Pass("words"), core::KdfParams::LowCostForTests());
  REQUIRE(file.ok());
  REQUIRE(file->size() == sealed_key::kFileBytes);
  CHECK(std::string(file->begin(), file->begin() + 8) == "PSRLTEST");
  sealed_key::Header h;
  REQUIRE(sealed_key::ReadHeader(*file, kTestFormat, &h) == sealed_key::Shape::kSealedKey);
  CHECK(h.version == sealed_key::kVersion);
  CHECK(h.kdf == sealed_key::kKdfArgon2id13);
  CHECK(h.reserved == 0);
  CHECK(h.opslimit == core::KdfParams::LowCostForTests().opslimit);
  CHECK(h.memlimit == core::KdfParams::LowCostForTests().memlimit);
  CHECK(h.salt.data() == file->data() + 32);
  CHECK(h.salt.size() == 16);
  CHECK(h.nonce.data() == file->data() + 48);
  CHECK(h.nonce.size() == 24);
  auto back = sealed_key::Open(kTestFormat, *file, Pass("words"));
  REQUIRE(back.ok());
  CHECK(back->view() == secret.view());
  auto wrong = sealed_key::Open(kTestFormat, *file, Pass("word"));
  CHECK(wrong.status().code() == Code::kWrongPassphrase);
  CHECK(wrong.status().message() == "wrong");
}

TEST_CASE("another kind of file and a wrong size are told apart before any work") {
  auto file = Fixture();
  sealed_key::Header h;
  CHECK(sealed_key::ReadHeader(file, kTestFormat, &h) == sealed_key::Shape::kNotThisKind);
  CHECK(sealed_key::ReadHeader(std::vector<uint8_t>(file.begin(), file.begin() + 5), kTestFormat, &h) ==
        sealed_key::Shape::kNotThisKind);
  const sealed_key::Format vault{"PSRLKEY1", "", ""};
  CHECK(sealed_key::ReadHeader(file, vault, &h) == sealed_key::Shape::kSealedKey);
  file.push_back(0);
  CHECK(sealed_key::ReadHeader(file, vault, &h) == sealed_key::Shape::kWrongSize);
}

TEST_CASE("a vault key file sealed by the documented layout opens to the key it holds") {
  auto key = core::keyfile::Unwrap(Fixture(), Pass("fuzz"));
  REQUIRE(key.ok());
  REQUIRE(key->size() == core::keyfile::kDataKeyBytes);
  for (size_t i = 0; i < key->size(); ++i) CHECK(key->data()[i] == 100 + i);
  CHECK(core::keyfile::Unwrap(Fixture(), Pass("fuzz!")).status().code() == Code::kWrongPassphrase);
}

TEST_CASE("the vault key file refuses damaged, newer and absurdly costly files before deriving") {
  auto short_file = Fixture();
  short_file.pop_back();
  CHECK(core::keyfile::Unwrap(short_file, Pass("fuzz")).status().code() == Code::kCorrupt);
  auto newer = Fixture();
  newer[8] = 2;
  CHECK(core::keyfile::Unwrap(newer, Pass("fuzz")).status().code() == Code::kUnsupported);
  auto costly = Fixture();
  costly[24 + 7] = 0x7f;  // memlimit with the top byte set
  CHECK(core::keyfile::Unwrap(costly, Pass("fuzz")).status().code() == Code::kCorrupt);
}
