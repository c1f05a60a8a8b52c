// Signatures and sealed envelopes for what leaves a service (docs/disclosures.md, "Signatures").
//
// Two outputs per disclosure, both signed with the issuing organisation's Ed25519 key:
//  - a PDF for people, with a signed trailer appended after its %%EOF: one PDF comment line
//    "%PASSERELLE-SEAL-1 <statement, base64> <signature, base64>". Readers ignore it; `verify`
//    checks it. The signature covers the PDF bytes and the statement, so any altered byte (in the
//    PDF, the statement or the signature) is refused.
//  - a sealed packet for the recipient's Passerelle: the payload (JSON) encrypted with
//    crypto_box_seal to the recipient organisation's X25519 key, and the statement in clear
//    (it names who, for whom, when, what kind; no case data). The signature covers the
//    statement, the recipient key and the ciphertext; the statement's content hash is the
//    payload's, so after opening the payload is bound to the signature too. Anybody holding the
//    file can check who signed it; only the recipient can read it.
//
// The statement carries the issuer's whole card (organisation.h, EncodeCard), so a file can be
// verified with no vault at all: the signature proves the card's key signed it; whether that card
// is one this vault trusts is a separate answer (Standing).
//
// Every decoder here takes arbitrary bytes and never crashes (fuzzed: tests/fuzz/disclosure_seal).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/organisation.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"

namespace passerelle::core {

// What the issuer states about a document, signed with it.
struct SignedStatement {
  std::string kind;               // document kind id: "attendance", "referral", "exit_report", "co_report", "access_copy"
  std::string issuer_card;        // EncodeCard text of the issuing organisation
  std::string recipient_id;       // the recipient organisation's id ("org-..."), or empty (a person, a partner without card)
  std::string recipient_name;     // as printed on the document
  std::string issued_at;          // "2026-12-04T10:15:00Z"
  std::string content_hash;       // "sha256:<64 hex>" of the PDF bytes (SignPdf) or of the payload (SealPacket)
  std::string verification_code;  // printed on the document: "7K3Q-9XPA-M2DE-4HRT"
};

// Signs a message with the issuing organisation's Ed25519 key (organisation_keys.h's
// SignAsOrganisation, bound to a vault); a callback so this codec never holds a secret key.
using Signer = std::function<Result<std::array<uint8_t, 64>>(std::span<const uint8_t>)>;

// "sha256:" + lowercase hex of the SHA-256 of `bytes`: the content hash statements and the
// disclosure log carry.
std::string ContentHash(std::span<const uint8_t> bytes);
std::string ContentHash(std::string_view text);

// A fresh random verification code, 16 characters from an alphabet without look-alikes, in four
// groups: "7K3Q-9XPA-M2DE-4HRT" (80 bits).
std::string NewVerificationCode();

// Appends the signed trailer. `pdf` must end with "%%EOF" (optionally followed by one newline).
// statement.content_hash may be empty (it is then filled in) or must equal ContentHash(pdf).
// The signature is checked against the issuer card's key before anything is returned, so a
// signer that does not match the card is an error (kInternal), never a file that fails later.
Result<std::vector<uint8_t>> SignPdf(std::vector<uint8_t> pdf, const SignedStatement& statement, const Signer& sign);

// The sealed packet for the recipient organisation (statement.recipient_id, required) whose card's
// X25519 key is `recipient_encryption_key`. statement.content_hash may be empty (filled in) or
// must equal ContentHash(payload_json).
Result<std::vector<uint8_t>> SealPacket(std::string_view payload_json, const SignedStatement& statement,
                                        const Signer& sign, const std::array<uint8_t, 32>& recipient_encryption_key);

enum class FileKind { kPdf, kPacket };

struct Verified {
  SignedStatement statement;
  OrganisationCard issuer;                  // decoded from statement.issuer_card
  FileKind kind = FileKind::kPdf;
  std::array<uint8_t, 32> recipient_key{};  // packets: the X25519 key the payload is sealed to
  std::string payload_json;                 // packets opened with OpenPacket only
};

// Checks a PDF or a packet with no vault: the seal is present and well-formed, the signature by
// the issuer card's key covers every byte, the content hash matches (PDF). kCorrupt with one
// sentence for anything altered or unsigned ("This file was altered after it was signed.");
// never crashes on any input.
Result<Verified> VerifyFile(std::span<const uint8_t> file);

// VerifyFile, then opens the packet with this vault's organisation key: kRefused when the packet
// is addressed to another organisation (or names this one but is sealed to another key), kCorrupt
// when the ciphertext or payload does not match what was signed.
Result<Verified> OpenPacket(Vault& recipient_vault, std::span<const uint8_t> packet);

// How this vault knows the organisation that signed a file.
enum class Standing { kUnknown, kOwnOrganisation, kVerifiedRecipient };
// By id AND both keys: a card that reuses a known name or id with other keys is kUnknown.
Result<Standing> StandingOf(Vault& vault, const OrganisationCard& issuer);

}  // namespace passerelle::core
