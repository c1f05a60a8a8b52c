// "hub join ADDRESS CODE" (hub_client.h): the device makes its key and certificate request, the
// hub signs it, and the enrolment is stored in the vault (core/hub_enrolment.h).
#include <algorithm>
#include <cctype>

#include "hub_address.h"
#include "hub_device_key.h"
#include "hub_sigpipe.h"
#include "passerelle/sync/hub_device_key.h"
#include "passerelle/core/hub_enrolment.h"
#include "passerelle/core/organisation.h"
#include "passerelle/sync/hub_client.h"
#include "passerelle/sync/hub_identity.h"
#include "passerelle/sync/hub_protocol.h"
#include "passerelle/sync/hub_transport.h"

namespace passerelle::sync {
namespace {

namespace proto = hubproto;

Status NetworkOff() {
  return Refused("This device is set to never use the network; turn the network back on (network on) to join the office hub.");
}

Status BadCode() {
  return InvalidInput("That is not an enrolment code; type the 20 letters and digits the office gave you, for example 7K3Q-9XPA-M2DE-4HRT-KQ2V.");
}

// Checks done before any socket: network allowed, no hub yet, a well-formed address and code.
Status Precheck(core::Vault& vault, const std::string& address, const std::string& code) {
  PASSERELLE_ASSIGN_OR_RETURN(bool allowed, core::NetworkAllowed(vault));
  if (!allowed) return NetworkOff();
  PASSERELLE_ASSIGN_OR_RETURN(auto existing, core::LoadHubEnrolment(vault, false));
  if (existing)
    return Conflict("This device has already joined the office hub " + existing->hub_name +
                    "; leave it first with hub leave.");
  PASSERELLE_RETURN_IF_ERROR(internal::ParseHubAddress(address).status());
  if (!ParseEnrolmentCode(code)) return BadCode();
  return Status::Ok();
}

}  // namespace

Result<HubInfo> JoinHubOver(core::Vault& vault, HubTransport& transport, const std::string& address,
                            const std::string& code) {
  PASSERELLE_RETURN_IF_ERROR(Precheck(vault, address, code));
  const EnrolmentCode parsed = *ParseEnrolmentCode(code);
  PASSERELLE_ASSIGN_OR_RETURN(core::OrganisationCard org, core::OwnOrganisation(vault));
  PASSERELLE_ASSIGN_OR_RETURN(DeviceKeyRequest key, MakeDeviceKeyAndCsr(vault.worker()));

  proto::EnrolRequest request{parsed.secret, key.csr_pem, org.Fingerprint(), vault.worker()};
  const std::string body = proto::EncodeEnrolRequest(request);
  internal::ScopedNoSigpipe no_sigpipe;
  PASSERELLE_ASSIGN_OR_RETURN(HubReply reply, transport.Post(proto::kEnrolPath, proto::kJsonType, proto::BytesOf(body)));
  if (reply.status != 200) {
    std::string sentence = proto::DecodeErrorBody(reply.body, reply.status).error;
    if (reply.status == 429) return Conflict(sentence);
    return Refused(sentence);
  }
  PASSERELLE_ASSIGN_OR_RETURN(proto::EnrolReply enrolled, proto::DecodeEnrolReply(reply.body));
  // The CA the hub hands back must be the one the code pins (the TLS transport checked the
  // server's chain against the pin already; this binds the stored trust anchor to it too).
  PASSERELLE_ASSIGN_OR_RETURN(std::string fingerprint, internal::CertificateFingerprintHex(enrolled.ca_cert_pem));
  if (PinOfFingerprintHex(fingerprint) != parsed.pin)
    return Refused("The office hub's certificate does not match the enrolment code; this device did not join it.");

  core::HubEnrolment e;
  e.address = address;
  e.hub_name = enrolled.hub_name;
  e.org = enrolled.org;
  e.device_id = enrolled.device_id;
  e.ca_fingerprint_hex = fingerprint;
  e.ca_cert_pem = enrolled.ca_cert_pem;
  e.cert_pem = enrolled.cert_pem;
  e.key_pem = std::move(key.key_pem);
  PASSERELLE_RETURN_IF_ERROR(core::SaveHubEnrolment(vault, e));
  return GetHubInfo(vault);
}

Result<HubInfo> JoinHub(core::Vault& vault, const std::string& address, const std::string& code) {
  // Everything that can be refused without the network is refused before the socket opens.
  PASSERELLE_RETURN_IF_ERROR(Precheck(vault, address, code));
  PASSERELLE_ASSIGN_OR_RETURN(internal::HubAddress where, internal::ParseHubAddress(address));
  PASSERELLE_ASSIGN_OR_RETURN(std::unique_ptr<HubTransport> transport,
                              ConnectForEnrolment(where.host, where.port, ParseEnrolmentCode(code)->pin));
  return JoinHubOver(vault, *transport, address, code);
}

}  // namespace passerelle::sync
