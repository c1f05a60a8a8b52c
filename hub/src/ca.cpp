// OpenSSL certificate authority of the hub. Every OpenSSL object is held by a unique_ptr with its
// free function, so no error path leaks; PEM private keys leave OpenSSL only into SecureBuffers.
#include "passerelle/hub/ca.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <algorithm>

#include "passerelle/sync/hub_identity.h"

namespace passerelle::hub {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

BioPtr MemBio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

KeyPtr NewP256Key() {
  return KeyPtr(EVP_EC_gen("P-256"));
}

bool IsP256(EVP_PKEY* key) {
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
  char group[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) return false;
  return std::string_view(group, len) == "prime256v1" || std::string_view(group, len) == "P-256";
}

bool AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool SetRandomSerial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  if (bn == nullptr) return false;
  const bool ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  return ok;
}

X509Ptr NewCert(const std::string& common_name, int days) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1 || !SetRandomSerial(cert.get())) return nullptr;
  // Backdated five minutes: a device whose clock runs a little behind still accepts it.
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400) == nullptr)
    return nullptr;
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) != 1)
    return nullptr;
  return cert;
}

std::string DerFingerprintHex(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

std::string CertPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  return BioText(bio.get());
}

Result<platform::SecureBuffer> KeyPemOf(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio) bio.reset(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Internal("The hub could not write its key.");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  platform::SecureBuffer out(static_cast<size_t>(n));
  std::copy(data, data + n, out.data());
  return out;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

struct CertificateAuthority::Impl {
  X509Ptr cert;
  KeyPtr key;
};

CertificateAuthority::CertificateAuthority() : impl_(std::make_unique<Impl>()) {}
CertificateAuthority::CertificateAuthority(CertificateAuthority&&) noexcept = default;
CertificateAuthority& CertificateAuthority::operator=(CertificateAuthority&&) noexcept = default;
CertificateAuthority::~CertificateAuthority() = default;

void* CertificateAuthority::x509() const { return impl_->cert.get(); }

Result<CertificateAuthority> CertificateAuthority::Create(std::string_view hub_name) {
  CertificateAuthority ca;
  ca.impl_->key = NewP256Key();
  if (!ca.impl_->key) return Internal("The hub could not make its certificate authority's key.");
  const std::string cn = "Passerelle hub " + std::string(hub_name.empty() ? "CA" : hub_name);
  ca.impl_->cert = NewCert(cn.substr(0, 64), kCaValidityDays);
  X509* cert = ca.impl_->cert.get();
  if (!cert || X509_set_issuer_name(cert, X509_get_subject_name(cert)) != 1 ||
      X509_set_pubkey(cert, ca.impl_->key.get()) != 1 ||
      !AddExt(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
      !AddExt(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") ||
      !AddExt(cert, cert, NID_subject_key_identifier, "hash") ||
      X509_sign(cert, ca.impl_->key.get(), EVP_sha256()) == 0)
    return Internal("The hub could not make its certificate authority.");
  ca.cert_pem_ = CertPem(cert);
  ca.fingerprint_hex_ = DerFingerprintHex(cert);
  return ca;
}

Result<CertificateAuthority> CertificateAuthority::FromPem(std::string_view cert_pem, std::string_view key_pem) {
  CertificateAuthority ca;
  BioPtr cb = MemBio(cert_pem), kb = MemBio(key_pem);
  ca.impl_->cert.reset(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  ca.impl_->key.reset(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  if (!ca.impl_->cert || !ca.impl_->key || X509_check_private_key(ca.impl_->cert.get(), ca.impl_->key.get()) != 1)
    return Corrupt("The hub's certificate authority in its storage is damaged.");
  ca.cert_pem_ = CertPem(ca.impl_->cert.get());
  ca.fingerprint_hex_ = DerFingerprintHex(ca.impl_->cert.get());
  return ca;
}

Result<platform::SecureBuffer> CertificateAuthority::KeyPem() const { return KeyPemOf(impl_->key.get()); }

std::string CertificateAuthority::Pin() const { return sync::PinOfFingerprintHex(fingerprint_hex_); }

namespace {
Result<ReqPtr> ReadCsr(std::string_view csr_pem) {
  BioPtr bio = MemBio(csr_pem);
  ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!req) return InvalidInput("The device's certificate request is not a PEM certificate request.");
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
  if (!IsP256(pub)) return InvalidInput("The device's key is not an EC P-256 key.");
  if (X509_REQ_verify(req.get(), pub) != 1)
    return InvalidInput("The device's certificate request is not signed by its own key.");
  return req;
}
}  // namespace

Status CertificateAuthority::CheckDeviceCsr(std::string_view csr_pem) {
  auto req = ReadCsr(csr_pem);
  return req.ok() ? Status::Ok() : req.status();
}

Result<std::string> CertificateAuthority::SignDeviceCsr(std::string_view csr_pem, const std::string& device_id) const {
  PASSERELLE_ASSIGN_OR_RETURN(ReqPtr req, ReadCsr(csr_pem));
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
  X509Ptr cert = NewCert(device_id, kDeviceCertValidityDays);
  X509* c = cert.get();
  if (!c || X509_set_issuer_name(c, X509_get_subject_name(impl_->cert.get())) != 1 || X509_set_pubkey(c, pub) != 1 ||
      !AddExt(c, impl_->cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExt(c, impl_->cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !AddExt(c, impl_->cert.get(), NID_ext_key_usage, "clientAuth") ||
      !AddExt(c, impl_->cert.get(), NID_authority_key_identifier, "keyid:always") ||
      X509_sign(c, impl_->key.get(), EVP_sha256()) == 0)
    return Internal("The hub could not sign the device's certificate.");
  return CertPem(c);
}

Result<KeyAndCert> CertificateAuthority::IssueServerCert(const std::vector<std::string>& hosts) const {
  KeyPtr key = NewP256Key();
  if (!key) return Internal("The hub could not make its server key.");
  std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
  for (const auto& h : hosts)
    if (!h.empty() && std::find(names.begin(), names.end(), h) == names.end()) names.push_back(h);
  std::string san;
  for (const auto& n : names) {
    if (!san.empty()) san += ',';
    san += (IsIpAddress(n) ? "IP:" : "DNS:") + n;
  }
  X509Ptr cert = NewCert("Passerelle hub", kServerCertValidityDays);
  X509* c = cert.get();
  if (!c || X509_set_issuer_name(c, X509_get_subject_name(impl_->cert.get())) != 1 ||
      X509_set_pubkey(c, key.get()) != 1 || !AddExt(c, impl_->cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExt(c, impl_->cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !AddExt(c, impl_->cert.get(), NID_ext_key_usage, "serverAuth") ||
      !AddExt(c, impl_->cert.get(), NID_subject_alt_name, san.c_str()) ||
      !AddExt(c, impl_->cert.get(), NID_authority_key_identifier, "keyid:always") ||
      X509_sign(c, impl_->key.get(), EVP_sha256()) == 0)
    return Internal("The hub could not make its server certificate.");
  KeyAndCert out;
  out.cert_pem = CertPem(c);
  PASSERELLE_ASSIGN_OR_RETURN(out.key_pem, KeyPemOf(key.get()));
  return out;
}

Result<std::string> CertFingerprintHex(std::string_view cert_pem) {
  BioPtr bio = MemBio(cert_pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return InvalidInput("This is not a PEM certificate.");
  return DerFingerprintHex(cert.get());
}

Status SaveNewCa(Store& store, const CertificateAuthority& ca, std::string_view hub_name) {
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, store.GetSetting(kSettingCaCert));
  if (existing) return Conflict("This hub already has its certificate authority; init is done only once.");
  PASSERELLE_ASSIGN_OR_RETURN(platform::SecureBuffer key, ca.KeyPem());
  // The key first: a hub interrupted between the two writes has no certificate and can init again.
  PASSERELLE_RETURN_IF_ERROR(store.PutSetting(kSettingCaKey, key.bytes()));
  PASSERELLE_RETURN_IF_ERROR(store.PutSetting(
      kSettingHubName, {reinterpret_cast<const uint8_t*>(hub_name.data()), hub_name.size()}));
  const std::string& pem = ca.cert_pem();
  return store.PutSetting(kSettingCaCert, {reinterpret_cast<const uint8_t*>(pem.data()), pem.size()});
}

Result<CertificateAuthority> LoadCa(Store& store) {
  PASSERELLE_ASSIGN_OR_RETURN(auto cert, store.GetSetting(kSettingCaCert));
  PASSERELLE_ASSIGN_OR_RETURN(auto key, store.GetSetting(kSettingCaKey));
  if (!cert || !key) return NotFound("This hub has no certificate authority yet; run passerelle-hub init first.");
  std::string_view cert_pem(reinterpret_cast<const char*>(cert->data()), cert->size());
  std::string_view key_pem(reinterpret_cast<const char*>(key->data()), key->size());
  auto ca = CertificateAuthority::FromPem(cert_pem, key_pem);
  platform::SecureWipe(key->data(), key->size());
  return ca;
}

Result<std::string> LoadHubName(Store& store) {
  PASSERELLE_ASSIGN_OR_RETURN(auto name, store.GetSetting(kSettingHubName));
  if (!name) return std::string();
  return std::string(name->begin(), name->end());
}

}  // namespace passerelle::hub
