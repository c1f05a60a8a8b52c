// Device key and CSR (hub_device_key.h) with OpenSSL 3's EVP API.
#include "hub_device_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace passerelle::sync::internal {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

Status Failed() { return Internal("This device could not make its key for the office hub (OpenSSL failed)."); }

}  // namespace

Result<DeviceKey> MakeDeviceKey(const std::string& common_name) {
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return Failed();
  Owned<X509_REQ> req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), 0) != 1) return Failed();
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  const std::string cn = common_name.empty() ? std::string("passerelle device") : common_name.substr(0, 64);
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.data()),
                                 static_cast<int>(cn.size()), -1, 0) != 1)
    return Failed();
  if (X509_REQ_set_pubkey(req.get(), key.get()) != 1 || X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0)
    return Failed();

  DeviceKey out;
  Owned<BIO> csr_bio(BIO_new(BIO_s_mem()));
  if (!csr_bio || PEM_write_bio_X509_REQ(csr_bio.get(), req.get()) != 1) return Failed();
  char* data = nullptr;
  long len = BIO_get_mem_data(csr_bio.get(), &data);
  out.csr_pem.assign(data, static_cast<size_t>(len));

  // BIO_s_secmem keeps the PEM in OpenSSL's secure heap when one is set up; it is copied straight
  // into guarded memory and the BIO is cleared on free.
  Owned<BIO> key_bio(BIO_new(BIO_s_secmem()));
  if (!key_bio || PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Failed();
  len = BIO_get_mem_data(key_bio.get(), &data);
  platform::SecureBuffer pem(static_cast<size_t>(len));
  std::copy(data, data + len, pem.data());
  out.key_pem = std::move(pem);
  return out;
}

Result<std::string> CertificateFingerprintHex(const std::string& cert_pem) {
  Owned<BIO> bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  if (!bio) return Failed();
  Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return InvalidInput("The office hub sent a certificate that cannot be read.");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert.get(), EVP_sha256(), md, &n) != 1) return Failed();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xF];
  }
  return hex;
}

}  // namespace passerelle::sync::internal
