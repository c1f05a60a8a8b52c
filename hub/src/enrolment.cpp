// Enrolment codes (docs/hub.md, "Enrolment"). The secret is 40 random bits shown once to the
// administrator; the store keeps only its SHA-256 (with a domain prefix), so a copy of the
// database does not enrol anyone, and a code lives 15 minutes: guessing 2^40 secrets online is
// stopped by the limits below long before it could succeed.
#include <openssl/evp.h>

#include "passerelle/hub/server.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/hub_identity.h"

namespace passerelle::hub {

std::string HashEnrolmentSecret(const std::string& canonical_secret) {
  const std::string material = "passerelle hub enrolment v1\n" + canonical_secret;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(material.data(), material.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

Result<IssuedCode> IssueEnrolmentCode(Store& store, const CertificateAuthority& ca, const std::string& org,
                                      const std::string& worker, int64_t now_ms) {
  if (org.empty() || org.size() > 200) return InvalidInput("Give the organisation's name with --org.");
  if (worker.empty() || worker.size() > 200) return InvalidInput("Give the worker's name with --worker.");
  if (!platform::InitCrypto()) return Internal("The hub could not start its random number generator.");
  uint8_t random[5];  // 40 bits: exactly 8 base32 characters
  platform::RandomBytes(random);
  sync::EnrolmentCode code{sync::Base32(random), ca.Pin()};
  platform::SecureWipe(random, sizeof random);
  Enrolment e;
  e.code_hash_hex = HashEnrolmentSecret(code.secret);
  e.org = org;
  e.worker = worker;
  e.expires_at_ms = now_ms + kEnrolmentLifetimeMs;
  PASSERELLE_RETURN_IF_ERROR(store.AddEnrolment(e));
  return IssuedCode{sync::FormatEnrolmentCode(code), e.expires_at_ms};
}

Result<Enrolment> RedeemEnrolmentCode(Store& store, const std::string& canonical_secret, const std::string& source,
                                      int64_t now_ms, bool* rate_limited) {
  *rate_limited = false;
  PASSERELLE_ASSIGN_OR_RETURN(int recent_here, store.FailedAttemptsSince(source, now_ms - 60 * 1000));
  if (recent_here >= kMaxWrongCodesPerSourcePerMinute) {
    *rate_limited = true;
    return Refused("Too many wrong enrolment codes from this address; wait a minute and try again.");
  }
  PASSERELLE_ASSIGN_OR_RETURN(int recent_all, store.FailedAttemptsSince("", now_ms - 3600 * 1000));
  if (recent_all >= kMaxWrongCodesPerHour) {
    *rate_limited = true;
    return Refused("Too many wrong enrolment codes were tried at this hub; enrolment is paused for an hour.");
  }
  auto redeemed = store.RedeemEnrolment(HashEnrolmentSecret(canonical_secret), now_ms);
  if (redeemed.ok()) return redeemed;
  const Code code = redeemed.status().code();
  if (code != Code::kNotFound && code != Code::kConflict && code != Code::kInvalidInput) return redeemed.status();
  PASSERELLE_RETURN_IF_ERROR(store.RecordFailedAttempt(source, now_ms));
  if (code == Code::kConflict) return Refused("This enrolment code was already used; ask the administrator for a new one.");
  if (code == Code::kInvalidInput) return Refused("This enrolment code has expired; ask the administrator for a new one.");
  return Refused("This enrolment code is not valid; check it or ask the administrator for a new one.");
}

}  // namespace passerelle::hub
