// The hub's certificate authority (hub/src/ca.cpp): what it issues, and the CSRs it refuses.
#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "passerelle/hub/ca.h"
#include "passerelle/hub/store.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/hub_device_key.h"
#include "passerelle/sync/hub_identity.h"
#include "support/temp_dir.h"

using namespace passerelle;

namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr Parse(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                    BIO_free_all);
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
}

std::string CommonName(X509* cert) {
  char cn[128] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  return cn;
}

int ValidityDays(X509* cert) {
  int days = 0, seconds = 0;
  ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert));
  return days;
}

// A CSR made with an RSA key: the hub accepts only P-256.
std::string RsaCsr() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(X509_REQ_new(), X509_REQ_free);
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new(BIO_s_mem()), BIO_free_all);
  PEM_write_bio_X509_REQ(bio.get(), req.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

TEST_CASE("the hub CA: P-256, ten years, a CA, its fingerprint and pin") {
  REQUIRE(platform::InitCrypto());
  auto ca = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(ca.ok());
  X509Ptr cert = Parse(ca->cert_pem());
  REQUIRE(cert);
  CHECK(CommonName(cert.get()) == "Passerelle hub MJ Mons");
  CHECK(ValidityDays(cert.get()) >= hub::kCaValidityDays);
  CHECK(X509_check_ca(cert.get()) >= 1);
  auto fp = hub::CertFingerprintHex(ca->cert_pem());
  REQUIRE(fp.ok());
  CHECK(*fp == ca->fingerprint_hex());
  CHECK(ca->fingerprint_hex().size() == 64);
  CHECK(ca->Pin() == sync::PinOfFingerprintHex(ca->fingerprint_hex()));
  CHECK(ca->Pin().size() == 12);
  // Round trip through PEM (how the store keeps it).
  auto key = ca->KeyPem();
  REQUIRE(key.ok());
  auto again = hub::CertificateAuthority::FromPem(ca->cert_pem(), key->view());
  REQUIRE(again.ok());
  CHECK(again->fingerprint_hex() == ca->fingerprint_hex());
  // A key that is not the certificate's is refused as damage.
  auto other = hub::CertificateAuthority::Create("other");
  REQUIRE(other.ok());
  auto other_key = other->KeyPem();
  REQUIRE(other_key.ok());
  auto mixed = hub::CertificateAuthority::FromPem(ca->cert_pem(), other_key->view());
  CHECK(mixed.status().code() == Code::kCorrupt);
}

TEST_CASE("a device certificate: CN = device id, two years, client authentication, signed by the CA") {
  auto ca = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(ca.ok());
  auto device = sync::MakeDeviceKeyAndCsr("tablet");
  REQUIRE(device.ok());
  auto pem = ca->SignDeviceCsr(device->csr_pem, "0123456789abcdef");
  REQUIRE(pem.ok());
  X509Ptr cert = Parse(*pem);
  REQUIRE(cert);
  CHECK(CommonName(cert.get()) == "0123456789abcdef");
  CHECK(ValidityDays(cert.get()) >= hub::kDeviceCertValidityDays);
  CHECK(ValidityDays(cert.get()) <= hub::kDeviceCertValidityDays + 1);
  CHECK(X509_check_ca(cert.get()) == 0);
  CHECK(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_CLIENT, 0) == 1);
  CHECK(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0) != 1);  // cannot pose as the hub
  X509Ptr ca_cert = Parse(ca->cert_pem());
  CHECK(X509_verify(cert.get(), X509_get0_pubkey(ca_cert.get())) == 1);
}

TEST_CASE("certificate requests the hub refuses") {
  auto ca = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(ca.ok());
  auto junk = ca->SignDeviceCsr("not a csr", "0123456789abcdef");
  CHECK(junk.status().code() == Code::kInvalidInput);
  CHECK(junk.status().message() == "The device's certificate request is not a PEM certificate request.");
  auto rsa = ca->SignDeviceCsr(RsaCsr(), "0123456789abcdef");
  CHECK(rsa.status().code() == Code::kInvalidInput);
  CHECK(rsa.status().message() == "The device's key is not an EC P-256 key.");
  // A CSR whose signature does not match its key (one byte of the signature changed).
  auto device = sync::MakeDeviceKeyAndCsr("tablet");
  REQUIRE(device.ok());
  std::unique_ptr<BIO, decltype(&BIO_free_all)> in(
      BIO_new_mem_buf(device->csr_pem.data(), static_cast<int>(device->csr_pem.size())), BIO_free_all);
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(PEM_read_bio_X509_REQ(in.get(), nullptr, nullptr, nullptr),
                                                          X509_REQ_free);
  REQUIRE(req);
  const ASN1_BIT_STRING* sig = nullptr;
  X509_REQ_get0_signature(req.get(), &sig, nullptr);
  REQUIRE(sig != nullptr);
  const_cast<unsigned char*>(ASN1_STRING_get0_data(sig))[10] ^= 0x01;
  std::unique_ptr<BIO, decltype(&BIO_free_all)> out(BIO_new(BIO_s_mem()), BIO_free_all);
  PEM_write_bio_X509_REQ(out.get(), req.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  auto forged = ca->SignDeviceCsr(std::string(data, static_cast<size_t>(n)), "0123456789abcdef");
  CHECK(forged.status().code() == Code::kInvalidInput);
  CHECK(forged.status().message() == "The device's certificate request is not signed by its own key.");
}

TEST_CASE("the server certificate names the listen address and localhost, for serving only") {
  auto ca = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(ca.ok());
  auto server = ca->IssueServerCert({"192.168.1.20", "hub.mj-mons.local"});
  REQUIRE(server.ok());
  X509Ptr cert = Parse(server->cert_pem);
  REQUIRE(cert);
  CHECK(X509_check_ip_asc(cert.get(), "192.168.1.20", 0) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "::1", 0) == 1);
  CHECK(X509_check_host(cert.get(), "hub.mj-mons.local", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(cert.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(cert.get(), "10.0.0.1", 0) != 1);
  CHECK(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);
  CHECK_FALSE(server->key_pem.empty());
}

TEST_CASE("the CA lives in the store, once") {
  testing::TempDir dir;
  auto store = hub::OpenSqliteStore(dir.path().string());
  REQUIRE(store.ok());
  auto missing = hub::LoadCa(**store);
  CHECK(missing.status().code() == Code::kNotFound);
  CHECK(missing.status().message() == "This hub has no certificate authority yet; run passerelle-hub init first.");
  auto ca = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(ca.ok());
  REQUIRE(hub::SaveNewCa(**store, *ca, "MJ Mons").ok());
  auto second = hub::CertificateAuthority::Create("MJ Mons");
  REQUIRE(second.ok());
  CHECK(hub::SaveNewCa(**store, *second, "MJ Mons").code() == Code::kConflict);
  auto loaded = hub::LoadCa(**store);
  REQUIRE(loaded.ok());
  CHECK(loaded->fingerprint_hex() == ca->fingerprint_hex());  // the second never replaced the first
  auto name = hub::LoadHubName(**store);
  REQUIRE(name.ok());
  CHECK(*name == "MJ Mons");
}
