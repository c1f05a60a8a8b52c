// The hub as a small certificate authority (docs/hub.md, "Enrolment"): an EC P-256 CA valid ten
// years, the hub's TLS server certificate, and device certificates signed from a device's CSR
// (CN = device id, two years, client authentication only). The CA's certificate and key are kept
// in hub::Store settings, so hubs of a federation sharing one PostgreSQL share one CA and a device
// enrolled at one office is recognised at every office. OpenSSL does all the cryptography.
// Thread-safety: a CertificateAuthority is immutable after creation; its methods may be called
// from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/hub/store.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::hub {

inline constexpr int kCaValidityDays = 3650;
inline constexpr int kDeviceCertValidityDays = 730;
inline constexpr int kServerCertValidityDays = 397;

// Setting keys in hub::Store.
inline constexpr std::string_view kSettingCaCert = "ca_cert_pem";
inline constexpr std::string_view kSettingCaKey = "ca_key_pem";
inline constexpr std::string_view kSettingHubName = "hub_name";

struct KeyAndCert {
  std::string cert_pem;
  platform::SecureBuffer key_pem;
};

class CertificateAuthority {
 public:
  // A new CA named after the hub ("Passerelle hub NAME").
  static Result<CertificateAuthority> Create(std::string_view hub_name);
  static Result<CertificateAuthority> FromPem(std::string_view cert_pem, std::string_view key_pem);

  CertificateAuthority(CertificateAuthority&&) noexcept;
  CertificateAuthority& operator=(CertificateAuthority&&) noexcept;
  ~CertificateAuthority();

  const std::string& cert_pem() const { return cert_pem_; }
  Result<platform::SecureBuffer> KeyPem() const;
  // SHA-256 of the CA certificate (DER), 64 lowercase hex characters, and its 12-character pin.
  const std::string& fingerprint_hex() const { return fingerprint_hex_; }
  std::string Pin() const;

  // Checks a CSR before anything is spent on it (the enrolment code): PEM, EC P-256, self-signed.
  static Status CheckDeviceCsr(std::string_view csr_pem);
  // Verifies the CSR's own signature and key type (EC P-256), then issues CN = device_id,
  // clientAuth only. kInvalidInput (one sentence) for a CSR that is not that.
  Result<std::string> SignDeviceCsr(std::string_view csr_pem, const std::string& device_id) const;
  // A fresh key and serverAuth certificate whose SAN lists `hosts` (names or IP addresses) plus
  // localhost, 127.0.0.1 and ::1.
  Result<KeyAndCert> IssueServerCert(const std::vector<std::string>& hosts) const;

  // Opaque OpenSSL handles for the server (X509*, EVP_PKEY*), owned by this object.
  void* x509() const;

 private:
  CertificateAuthority();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string cert_pem_;
  std::string fingerprint_hex_;
};

// SHA-256 of a certificate's DER, lowercase hex; kInvalidInput if `cert_pem` is not a certificate.
Result<std::string> CertFingerprintHex(std::string_view cert_pem);

// Stores a new CA (and the hub's name) through the store; kConflict if the store already has one.
Status SaveNewCa(Store& store, const CertificateAuthority& ca, std::string_view hub_name);
// The CA kept in the store; kNotFound ("run passerelle-hub init first") if there is none.
Result<CertificateAuthority> LoadCa(Store& store);
Result<std::string> LoadHubName(Store& store);

}  // namespace passerelle::hub
