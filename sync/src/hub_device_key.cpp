#include "passerelle/sync/hub_device_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

namespace passerelle::sync {

Result<DeviceKeyRequest> MakeDeviceKeyAndCsr(std::string_view device_label) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(X509_REQ_new(), X509_REQ_free);
  if (!key || !req) return Internal("This device could not make its key for the office hub.");
  const std::string cn = std::string(device_label.substr(0, 64)).empty() ? "device" : std::string(device_label.substr(0, 64));
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1,
                                 -1, 0) != 1 ||
      X509_REQ_set_pubkey(req.get(), key.get()) != 1 || X509_REQ_sign(req.get(), key.get(), EVP_sha256()) == 0)
    return Internal("This device could not make its certificate request for the office hub.");
  std::unique_ptr<BIO, decltype(&BIO_free_all)> csr_bio(BIO_new(BIO_s_mem()), BIO_free_all);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> key_bio(BIO_new(BIO_s_secmem()), BIO_free_all);
  if (!key_bio) key_bio.reset(BIO_new(BIO_s_mem()));
  if (!csr_bio || !key_bio || PEM_write_bio_X509_REQ(csr_bio.get(), req.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Internal("This device could not write its certificate request for the office hub.");
  DeviceKeyRequest out;
  char* data = nullptr;
  long n = BIO_get_mem_data(csr_bio.get(), &data);
  out.csr_pem.assign(data, static_cast<size_t>(n));
  n = BIO_get_mem_data(key_bio.get(), &data);
  out.key_pem = platform::SecureBuffer(static_cast<size_t>(n));
  std::copy(data, data + n, out.key_pem.data());
  return out;
}

}  // namespace passerelle::sync
