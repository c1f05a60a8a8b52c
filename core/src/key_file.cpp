#include "key_file.h"

#include <sodium.h>

#include <cstring>

namespace passerelle::core::keyfile {
namespace {

constexpr char kMagic[8] = {'P', 'S', 'R', 'L', 'K', 'E', 'Y', '1'};
constexpr size_t kSaltBytes = 16;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kHeaderBytes = 72;
constexpr uint64_t kMaxPlausibleVersion = 15;
static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);
static_assert(kHeaderBytes + kDataKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES == kKeyFileBytes);

void PutU16(uint8_t* p, uint16_t v) { for (int i = 0; i < 2; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i)); }
void PutU32(uint8_t* p, uint32_t v) { for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i)); }
void PutU64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i)); }
uint64_t GetLE(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

bool AllBytesAre(const uint8_t* p, size_t n, uint8_t value) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != value) return false;
  return true;
}

// Salt and nonce come from the random generator: all-zero or all-0xff means erased, not drawn.
bool Erased(const uint8_t* p, size_t n) { return AllBytesAre(p, n, 0) || AllBytesAre(p, n, 0xff); }

Result<platform::SecureBuffer> DeriveKek(const platform::SecureBuffer& passphrase, const uint8_t* salt,
                                         uint64_t opslimit, uint64_t memlimit) {
  platform::SecureBuffer kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(kek.data(), kek.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(), salt,
                    opslimit, static_cast<size_t>(memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Internal("Not enough memory to derive the vault key from the passphrase.");
  return kek;
}

}  // namespace

bool KdfCostAcceptable(uint64_t opslimit, uint64_t memlimit) {
  static_assert(kMinMemlimit >= crypto_pwhash_MEMLIMIT_MIN && kMinOpslimit >= crypto_pwhash_OPSLIMIT_MIN);
  const bool power_of_two = (memlimit & (memlimit - 1)) == 0;
  return opslimit >= kMinOpslimit && opslimit <= kMaxOpslimit && memlimit >= kMinMemlimit &&
         memlimit <= kMaxMemlimit && power_of_two;
}

Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (!KdfCostAcceptable(kdf.opslimit, kdf.memlimit))
    return InvalidInput("The key-derivation cost is outside what a key file may hold.");
  std::vector<uint8_t> out(kKeyFileBytes, 0);
  std::memcpy(out.data(), kMagic, 8);
  PutU16(&out[8], 1);
  PutU16(&out[10], 1);
  PutU32(&out[12], 0);
  PutU64(&out[16], kdf.opslimit);
  PutU64(&out[24], kdf.memlimit);
  platform::RandomBytes({&out[32], kSaltBytes});
  platform::RandomBytes({&out[48], kNonceBytes});
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(passphrase, &out[32], kdf.opslimit, kdf.memlimit));
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(&out[kHeaderBytes], &clen, data_key.data(), data_key.size(), out.data(),
                                             kHeaderBytes, nullptr, &out[48], kek.data());
  return out;
}

Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (file.size() != kKeyFileBytes || std::memcmp(file.data(), kMagic, 8) != 0)
    return Corrupt("The vault's key file is damaged (wrong size or signature).");
  // A version or KDF id just above ours is a newer Passerelle; anything else is damage.
  const uint64_t version = GetLE(&file[8], 2), kdf_id = GetLE(&file[10], 2);
  if (version == 0 || version > kMaxPlausibleVersion || kdf_id == 0 || kdf_id > kMaxPlausibleVersion)
    return Corrupt("The vault's key file is damaged (impossible format version).");
  if (version != 1 || kdf_id != 1)
    return Status::Error(Code::kUnsupported, "The vault's key file was made by a newer version of Passerelle.");
  uint64_t opslimit = GetLE(&file[16], 8);
  uint64_t memlimit = GetLE(&file[24], 8);
  // Refuse a cost Passerelle never writes before spending it: one flipped bit in the memory cost
  // must not make Argon2id try to allocate gigabytes.
  if (!KdfCostAcceptable(opslimit, memlimit))
    return Corrupt("The vault's key file is damaged (impossible key-derivation cost).");
  if (!AllBytesAre(&file[12], 4, 0) || Erased(&file[32], kSaltBytes) || Erased(&file[48], kNonceBytes))
    return Corrupt("The vault's key file is damaged (its header fields are impossible).");
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(passphrase, &file[32], opslimit, memlimit));
  platform::SecureBuffer data_key(kDataKeyBytes);
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(data_key.data(), &mlen, nullptr, &file[kHeaderBytes],
                                                 kKeyFileBytes - kHeaderBytes, file.data(), kHeaderBytes, &file[48],
                                                 kek.data()) != 0 ||
      mlen != kDataKeyBytes)
    // The tag cannot tell a wrong passphrase from a flipped bit in the salt, nonce or sealed key.
    return Status::Error(Code::kWrongPassphrase, "Wrong passphrase, or the vault's key file is damaged.");
  return data_key;
}

}  // namespace passerelle::core::keyfile
