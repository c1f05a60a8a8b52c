// The vault's key file (issue 10, defect 11): a damaged file is told from a wrong passphrase where
// the bytes allow it, the key-derivation cost read from the file is bounded before Argon2id runs,
// and what a killed passphrase change leaves behind (PATH.key.tmp) is cleaned up or recovered
// safely at the next open.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <fstream>

#include "key_file.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/file.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::ReadAll;
using passerelle::testing::Snapshot;
using passerelle::testing::TempDir;

namespace {

platform::SecureBuffer Pass(const char* s) { return platform::SecureBuffer::FromString(s); }

VaultOptions Fast() { return passerelle::testing::FastVaultOptions(); }

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void PutLE(std::string& s, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
}

struct Fixture {
  TempDir dir;
  std::string path = dir.File("case.vault");
  std::string key_path = path + ".key";
  std::string good_key;
  Fixture() {
    REQUIRE(Vault::Create(path, Pass("correct horse"), Fast()).ok());
    good_key = ReadAll(key_path);
    REQUIRE(good_key.size() == keyfile::kKeyFileBytes);
  }
  Status OpenWith(const std::string& key_bytes, const char* pass = "correct horse") {
    WriteAll(key_path, key_bytes);
    auto v = Vault::Open(path, Pass(pass), Fast());
    return v.ok() ? Status::Ok() : v.status();
  }
};

constexpr const char* kAmbiguous = "Wrong passphrase, or the vault's key file is damaged.";

}  // namespace

TEST_CASE("a wrong passphrase says it may also be a damaged key file") {
  Fixture f;
  Status st = f.OpenWith(f.good_key, "wrong horse");
  CHECK(st.code() == Code::kWrongPassphrase);
  CHECK(st.message() == kAmbiguous);
}

TEST_CASE("damage the tag cannot tell from a wrong passphrase gets the two-way message") {
  Fixture f;
  // Salt (32..47), nonce (48..71), sealed key and tag (72..119): authenticated, not checkable alone.
  for (size_t at : {33u, 50u, 80u, 119u}) {
    CAPTURE(at);
    std::string key = f.good_key;
    key[at] = static_cast<char>(key[at] ^ 0x10);
    Status st = f.OpenWith(key);
    CHECK(st.code() == Code::kWrongPassphrase);
    CHECK(st.message() == kAmbiguous);
  }
}

TEST_CASE("a key file with impossible header fields is reported as damaged, not as a wrong passphrase") {
  Fixture f;
  struct Case {
    const char* what;
    size_t at;
    uint64_t value;
    int bytes;
    Code code;
  };
  const Case cases[] = {
      {"version 0", 8, 0, 2, Code::kCorrupt},
      {"version from a flipped high bit", 8, 0x8001, 2, Code::kCorrupt},
      {"a newer version", 8, 2, 2, Code::kUnsupported},
      {"kdf id 0", 10, 0, 2, Code::kCorrupt},
      {"kdf id nonsense", 10, 0x0401, 2, Code::kCorrupt},
      {"reserved bytes set", 12, 1, 4, Code::kCorrupt},
      {"zero passes", 16, 0, 8, Code::kCorrupt},
      {"17 passes", 16, 17, 8, Code::kCorrupt},
      {"memory cost below libsodium's 8 KiB", 24, 4ull << 10, 8, Code::kCorrupt},
      {"memory cost not a power of two", 24, (8ull << 20) + (1ull << 20), 8, Code::kCorrupt},
      {"memory cost one byte off", 24, (8ull << 20) + 1, 8, Code::kCorrupt},
      {"memory cost above 1 GiB", 24, 2ull << 30, 8, Code::kCorrupt},
      {"zero salt (first 8 bytes)", 32, 0, 8, Code::kCorrupt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    std::string key = f.good_key;
    PutLE(key, c.at, c.value, c.bytes);
    if (std::string(c.what).rfind("zero salt", 0) == 0) PutLE(key, 40, 0, 8);  // the whole salt
    Status st = f.OpenWith(key);
    CHECK(st.code() == c.code);
    if (c.code == Code::kCorrupt) CHECK(st.message().find("damaged") != std::string::npos);
    CHECK(st.message().find("Wrong passphrase") == std::string::npos);
  }
  std::string key = f.good_key;
  std::memset(key.data() + 48, 0, 24);  // an erased nonce
  CHECK(f.OpenWith(key).code() == Code::kCorrupt);
  CHECK(f.OpenWith(key.substr(0, 119)).code() == Code::kCorrupt);  // truncated
  CHECK(f.OpenWith(f.good_key).ok());
}

TEST_CASE("every single-bit flip of the memory cost is refused before Argon2id runs") {
  // The default cost (256 MiB) and the test cost (8 MiB) are powers of two: one flipped bit gives
  // zero or two bits set, never an accepted cost, so no flip can make Argon2id allocate gigabytes.
  for (uint64_t written : {KdfParams::Default().memlimit, KdfParams::LowCostForTests().memlimit}) {
    CHECK(keyfile::KdfCostAcceptable(3, written));
    for (int bit = 0; bit < 64; ++bit) {
      CAPTURE(bit);
      CHECK_FALSE(keyfile::KdfCostAcceptable(3, written ^ (1ull << bit)));
    }
  }
  // The reported case: 256 MiB with bit 31 flipped asks for 2.4 GB; refused at once.
  Fixture f;
  std::string key = f.good_key;
  PutLE(key, 24, (256ull << 20) ^ (1ull << 31), 8);
  auto started = std::chrono::steady_clock::now();
  Status st = f.OpenWith(key);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(st.code() == Code::kCorrupt);
  CHECK(took < std::chrono::seconds(1));
}

TEST_CASE("a key file is only written with a cost it can be read back with") {
  Fixture f;
  for (KdfParams kdf : {KdfParams{0, 8ull << 20}, KdfParams{17, 8ull << 20}, KdfParams{1, 4ull << 10},
                        KdfParams{1, 2ull << 30}, KdfParams{1, 12ull << 20}}) {
    CHECK(Vault::ChangePassphrase(f.path, Pass("correct horse"), Pass("new staple"), kdf).code() ==
          Code::kInvalidInput);
  }
  CHECK(ReadAll(f.key_path) == f.good_key);  // nothing written on refusal
}

TEST_CASE("a .key.tmp left by a killed passphrase change is removed at the next open") {
  Fixture f;
  // What `passwd` leaves when killed after writing the new key file, before its rename.
  REQUIRE(Vault::ChangePassphrase(f.path, Pass("correct horse"), Pass("half changed"), KdfParams::LowCostForTests()).ok());
  const std::string new_key = ReadAll(f.key_path);
  WriteAll(f.key_path, f.good_key);
  WriteAll(f.key_path + ".tmp", new_key);
  // A wrong passphrase proves nothing about PATH.key: the leftover stays.
  CHECK(f.OpenWith(f.good_key, "half changed").code() == Code::kWrongPassphrase);
  CHECK(platform::FileExists(f.key_path + ".tmp"));
  // The key in use opens: the leftover goes, the key file stays as it was.
  REQUIRE(f.OpenWith(f.good_key).ok());
  CHECK_FALSE(platform::FileExists(f.key_path + ".tmp"));
  CHECK(ReadAll(f.key_path) == f.good_key);
  // A truncated leftover too.
  WriteAll(f.key_path + ".tmp", new_key.substr(0, 40));
  REQUIRE(f.OpenWith(f.good_key).ok());
  CHECK_FALSE(platform::FileExists(f.key_path + ".tmp"));
}

TEST_CASE("with PATH.key missing, a whole .key.tmp is kept until it proves it opens the vault") {
  Fixture f;
  REQUIRE(platform::RemoveFile(f.key_path).ok());
  WriteAll(f.key_path + ".tmp", f.good_key);  // e.g. a create killed just before its rename
  auto before = Snapshot(f.dir.path());
  // Wrong passphrase: nothing is touched, and the message says what was tried.
  auto wrong = Vault::Open(f.path, Pass("wrong horse"), Fast());
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == Code::kWrongPassphrase);
  CHECK(wrong.status().message().find(".key.tmp") != std::string::npos);
  CHECK(Snapshot(f.dir.path()) == before);
  // A truncated leftover is not tried: the key file is reported missing, the leftover kept.
  WriteAll(f.key_path + ".tmp", f.good_key.substr(0, 60));
  auto cut = Vault::Open(f.path, Pass("correct horse"), Fast());
  CHECK(cut.status().code() == Code::kNotFound);
  CHECK(platform::FileExists(f.key_path + ".tmp"));
  // A whole one that opens the vault becomes PATH.key.
  WriteAll(f.key_path + ".tmp", f.good_key);
  auto v = Vault::Open(f.path, Pass("correct horse"), Fast());
  REQUIRE(v.ok());
  CHECK(ReadAll(f.key_path) == f.good_key);
  CHECK_FALSE(platform::FileExists(f.key_path + ".tmp"));
}

TEST_CASE("a .key.tmp from another vault is never promoted") {
  Fixture f, other;
  REQUIRE(platform::RemoveFile(f.key_path).ok());
  WriteAll(f.key_path + ".tmp", other.good_key);  // same passphrase, different data key
  auto v = Vault::Open(f.path, Pass("correct horse"), Fast());
  REQUIRE_FALSE(v.ok());
  CHECK_FALSE(platform::FileExists(f.key_path));
  CHECK(ReadAll(f.key_path + ".tmp") == other.good_key);
}
