// The receiving side (issue 12 part 6): a maison de justice vault imports sealed attendance
// packets addressed to it and keeps, per person, the attendance facts received and who signed
// them, nothing else. Any other kind of packet, or one for another recipient, is refused and
// nothing is written.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct ReceivedVisit {
  std::string date, kind, outcome;
};
struct ReceivedAttestation {
  std::string id, person_name, person_birth_date, period_from, period_to;
  std::string issuer_id, issuer_name, issuer_fingerprint, issued_at, verification_code, content_hash;
  std::vector<ReceivedVisit> visits;  // by date
};

// Opens, verifies and stores one packet; returns the stored attestation. A packet already
// imported (same verification code) is kConflict.
Result<ReceivedAttestation> ImportAttendancePacket(Vault& v, std::span<const uint8_t> packet);
Result<std::vector<ReceivedAttestation>> ListReceived(const Vault& v);
// Whether this vault receives packets at all (a maison de justice's): the hub sync fetches packets
// only then (sync/src/hub_packets.cpp), and imports each through ImportAttendancePacket.
Result<bool> ReceivesPackets(Vault& v);

}  // namespace passerelle::core
