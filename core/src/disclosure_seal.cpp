// Signed PDF trailers and sealed packets (layout and reasons in disclosure_seal.h and
// docs/disclosures.md, "Signatures"). Every signed message starts with its own domain tag, so a
// PDF signature can never be replayed as a packet's or the other way round.
#include "passerelle/core/disclosure_seal.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "organisation_keys.h"
#include "passerelle/platform/bytes.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::core {
namespace {

constexpr std::string_view kPdfTag = "passerelle seal v1 pdf";      // + NUL, in the signed message
constexpr std::string_view kPacketTag = "passerelle seal v1 packet";
constexpr std::string_view kTrailer = "\n%PASSERELLE-SEAL-1 ";     // the PDF trailer line, after a newline
constexpr std::string_view kTrailerFamily = "\n%PASSERELLE-SEAL-";  // + the format's version
constexpr std::string_view kPacketMagic = "PSRLPKT1";
constexpr uint8_t kPacketVersion = 1;
constexpr int kStatementVersion = 1;
constexpr size_t kMaxStatementBytes = 64 * 1024;
constexpr size_t kMaxFieldBytes = 16 * 1024;
constexpr size_t kSignatureBytes = crypto_sign_BYTES;

const std::string kAltered = "This file was altered after it was signed.";
const std::string kUnsigned = "This file carries no Passerelle signature.";

std::span<const uint8_t> AsBytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
std::string_view AsText(std::span<const uint8_t> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Base64(std::span<const uint8_t> bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Strict: only the one canonical spelling of the bytes is accepted (re-encoded and compared), so
// no altered character can decode to the same value.
bool FromBase64(std::string_view text, std::vector<uint8_t>* out) {
  out->assign(text.size() / 4 * 3 + 3, 0);
  size_t n = 0;
  if (sodium_base642bin(out->data(), out->size(), text.data(), text.size(), nullptr, &n, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  out->resize(n);
  return Base64(*out) == text;
}

// Text a terminal or a PDF shows as it is: valid UTF-8 with no control character.
bool PlainText(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const platform::utf8::Decoded d = platform::utf8::DecodeNext(text, i);
    if (!d.valid || d.cp < 0x20 || (d.cp >= 0x7f && d.cp < 0xa0)) return false;
  }
  return true;
}

bool Shaped(std::string_view text, std::string_view shape) {  // 'd' a digit, 'x' lowercase hex
  if (text.size() != shape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    if (shape[i] == 'd' ? !digit : shape[i] == 'x' ? !(digit || (c >= 'a' && c <= 'f')) : c != shape[i]) return false;
  }
  return true;
}

// What a statement must be, written or read; one sentence for the first fault.
Status CheckStatement(const SignedStatement& s) {
  const std::pair<const std::string*, const char*> fields[] = {
      {&s.kind, "kind"},         {&s.recipient_id, "recipient id"},      {&s.recipient_name, "recipient name"},
      {&s.issued_at, "date"},    {&s.content_hash, "content hash"},      {&s.verification_code, "verification code"}};
  for (const auto& [value, name] : fields) {
    if (value->size() > kMaxFieldBytes || !PlainText(*value)) {
      return InvalidInput(std::string("The signed statement's ") + name + " is not plain text.");
    }
  }
  if (s.kind.empty() || s.recipient_name.empty() || s.verification_code.empty()) {
    return InvalidInput("The signed statement lacks its kind, its recipient or its verification code.");
  }
  if (!Shaped(s.issued_at, "dddd-dd-ddTdd:dd:ddZ")) {
    return InvalidInput("The signed statement's date is not of the form 2026-12-04T10:15:00Z.");
  }
  if (!Shaped(s.content_hash, "sha256:" + std::string(64, 'x'))) {
    return InvalidInput("The signed statement's content hash is not a SHA-256.");
  }
  if (s.issuer_card.size() > kMaxFieldBytes) return InvalidInput("The signed statement's issuer card is too long.");
  return Status::Ok();
}

std::string EncodeStatement(const SignedStatement& s) {
  nlohmann::json j = {{"v", kStatementVersion},
                      {"kind", s.kind},
                      {"issuer_card", s.issuer_card},
                      {"recipient_id", s.recipient_id},
                      {"recipient_name", s.recipient_name},
                      {"issued_at", s.issued_at},
                      {"content_hash", s.content_hash},
                      {"verification_code", s.verification_code}};
  return j.dump();
}

// The statement and the issuer's card it carries. kCorrupt for anything that is not one.
Result<std::pair<SignedStatement, OrganisationCard>> DecodeStatement(std::string_view text) {
  if (text.size() > kMaxStatementBytes) return Corrupt(kAltered);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Corrupt(kAltered);
  // The format's version is the trailer's or the packet's; the statement repeats it, under the
  // signature, so a statement moved into another format's file is refused.
  const auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer() || v->get<int64_t>() != kStatementVersion) return Corrupt(kAltered);
  SignedStatement s;
  const std::pair<const char*, std::string*> fields[] = {
      {"kind", &s.kind},           {"issuer_card", &s.issuer_card},   {"recipient_id", &s.recipient_id},
      {"recipient_name", &s.recipient_name}, {"issued_at", &s.issued_at}, {"content_hash", &s.content_hash},
      {"verification_code", &s.verification_code}};
  if (j.size() != std::size(fields) + 1) return Corrupt(kAltered);
  for (const auto& [key, out] : fields) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return Corrupt(kAltered);
    *out = it->get<std::string>();
  }
  if (!CheckStatement(s).ok()) return Corrupt(kAltered);
  auto card = DecodeCard(s.issuer_card);
  if (!card.ok()) return Corrupt(kAltered);
  return std::pair{std::move(s), std::move(*card)};
}

std::vector<uint8_t> TaggedMessage(std::string_view tag, std::initializer_list<std::span<const uint8_t>> parts) {
  std::vector<uint8_t> m(tag.begin(), tag.end());
  m.push_back(0);
  for (auto p : parts) m.insert(m.end(), p.begin(), p.end());
  return m;
}

bool SignatureHolds(std::span<const uint8_t> signature, std::span<const uint8_t> message, const OrganisationCard& by) {
  return signature.size() == kSignatureBytes &&
         crypto_sign_verify_detached(signature.data(), message.data(), message.size(), by.signing_key.data()) == 0;
}

// Signs, then checks the signature against the issuer's card before anything leaves.
Result<std::array<uint8_t, 64>> SignChecked(const Signer& sign, std::span<const uint8_t> message,
                                            const OrganisationCard& issuer) {
  if (!sign) return Internal("No signer was given for the disclosure.");
  PASSERELLE_ASSIGN_OR_RETURN(auto signature, sign(message));
  if (!SignatureHolds(signature, message, issuer)) {
    return Internal("The organisation's signature does not match its identity card.");
  }
  return signature;
}

// The statement as it will be signed: checked, its content hash filled in or compared.
Result<std::pair<SignedStatement, OrganisationCard>> Prepare(SignedStatement s, const std::string& hash) {
  if (!SodiumReady()) return Internal("The cryptography library could not be initialised.");
  if (s.content_hash.empty()) s.content_hash = hash;
  if (s.content_hash != hash) return Internal("The signed statement's content hash is not the document's.");
  PASSERELLE_RETURN_IF_ERROR(CheckStatement(s));
  auto card = DecodeCard(s.issuer_card);
  if (!card.ok()) return Internal("The issuer card of the signed statement cannot be read: " + card.status().message());
  return std::pair{std::move(s), std::move(*card)};
}

bool EndsWith(std::span<const uint8_t> bytes, std::string_view suffix) {
  return bytes.size() >= suffix.size() && AsText(bytes.last(suffix.size())) == suffix;
}

bool EndsWithEof(std::span<const uint8_t> pdf) {
  return EndsWith(pdf, "%%EOF") || EndsWith(pdf, "%%EOF\n") || EndsWith(pdf, "%%EOF\r\n");
}

bool LooksLikePacket(std::span<const uint8_t> file) {
  return file.size() >= kPacketMagic.size() && AsText(file.first(kPacketMagic.size())) == kPacketMagic;
}

Result<Verified> VerifyPdf(std::span<const uint8_t> file) {
  // The trailer is the last line: find where it starts, then split it in two base64 fields.
  const std::string_view text = AsText(file);
  if (text.empty() || text.back() != '\n') return Corrupt(kUnsigned);
  const size_t at = text.rfind(kTrailer);
  if (at == std::string_view::npos) {
    const size_t other = text.rfind(kTrailerFamily);
    const char next = other == std::string_view::npos ? '\0' : text[other + kTrailerFamily.size()];
    if (next >= '2' && next <= '9') {
      return Status::Error(Code::kUnsupported, "This file was signed by a newer version of Passerelle.");
    }
    return Corrupt(kUnsigned);
  }
  const std::span<const uint8_t> pdf = file.first(at);
  const std::string_view line = text.substr(at + kTrailer.size(), text.size() - 1 - at - kTrailer.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos || !EndsWithEof(pdf)) return Corrupt(kAltered);
  std::vector<uint8_t> statement_bytes, signature;
  if (!FromBase64(line.substr(0, space), &statement_bytes) || !FromBase64(line.substr(space + 1), &signature)) {
    return Corrupt(kAltered);
  }
  PASSERELLE_ASSIGN_OR_RETURN(auto decoded, DecodeStatement(AsText(statement_bytes)));
  uint8_t length[8];
  platform::StoreFixedLE(length, pdf.size());
  const std::vector<uint8_t> message = TaggedMessage(kPdfTag, {length, pdf, statement_bytes});
  if (!SignatureHolds(signature, message, decoded.second)) return Corrupt(kAltered);
  if (decoded.first.content_hash != ContentHash(pdf)) return Corrupt(kAltered);
  Verified v;
  v.statement = std::move(decoded.first);
  v.issuer = std::move(decoded.second);
  v.kind = FileKind::kPdf;
  return v;
}

struct PacketParts {
  std::span<const uint8_t> statement, ciphertext;
  std::array<uint8_t, 32> recipient_key{};
};

Result<Verified> VerifyPacket(std::span<const uint8_t> file, PacketParts* parts) {
  if (file.size() < kPacketMagic.size() + 1 + kSignatureBytes) return Corrupt(kAltered);
  const std::span<const uint8_t> signed_part = file.first(file.size() - kSignatureBytes);
  const std::span<const uint8_t> signature = file.last(kSignatureBytes);
  platform::ByteReader in(signed_part, platform::Varints::kCanonical);
  in.Raw(kPacketMagic.size());
  const uint8_t version = in.U8();
  if (in.ok() && version != kPacketVersion) {
    return Status::Error(Code::kUnsupported, "This packet was sealed by a newer version of Passerelle.");
  }
  const uint64_t statement_bytes = in.Varint();
  if (statement_bytes > kMaxStatementBytes) return Corrupt(kAltered);
  parts->statement = in.Raw(static_cast<size_t>(statement_bytes));
  const std::span<const uint8_t> key = in.Raw(parts->recipient_key.size());
  const uint64_t ciphertext_bytes = in.Varint();
  if (ciphertext_bytes < crypto_box_SEALBYTES) return Corrupt(kAltered);
  parts->ciphertext = in.Raw(static_cast<size_t>(ciphertext_bytes));  // fails past the end
  if (!in.ok() || !in.AtEnd()) return Corrupt(kAltered);
  std::copy(key.begin(), key.end(), parts->recipient_key.begin());
  PASSERELLE_ASSIGN_OR_RETURN(auto decoded, DecodeStatement(AsText(parts->statement)));
  if (decoded.first.recipient_id.empty()) return Corrupt(kAltered);
  if (!SignatureHolds(signature, TaggedMessage(kPacketTag, {signed_part}), decoded.second)) return Corrupt(kAltered);
  Verified v;
  v.statement = std::move(decoded.first);
  v.issuer = std::move(decoded.second);
  v.kind = FileKind::kPacket;
  v.recipient_key = parts->recipient_key;
  return v;
}

}  // namespace

std::string ContentHash(std::span<const uint8_t> bytes) {
  SodiumReady();
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes.data(), bytes.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return "sha256:" + std::string(hex);
}

std::string ContentHash(std::string_view text) { return ContentHash(AsBytes(text)); }

std::string NewVerificationCode() {
  SodiumReady();
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // no 0/O, 1/I/L
  std::string code;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) code.push_back('-');
    code.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return code;
}

Result<std::vector<uint8_t>> SignPdf(std::vector<uint8_t> pdf, const SignedStatement& statement, const Signer& sign) {
  if (!EndsWithEof(pdf)) return Internal("The document to sign is not a complete PDF.");
  PASSERELLE_ASSIGN_OR_RETURN(auto prepared, Prepare(statement, ContentHash(pdf)));
  const std::string statement_text = EncodeStatement(prepared.first);
  uint8_t length[8];
  platform::StoreFixedLE(length, pdf.size());
  const std::vector<uint8_t> message = TaggedMessage(kPdfTag, {length, pdf, AsBytes(statement_text)});
  PASSERELLE_ASSIGN_OR_RETURN(auto signature, SignChecked(sign, message, prepared.second));
  const std::string trailer = std::string(kTrailer) + Base64(AsBytes(statement_text)) + " " + Base64(signature) + "\n";
  pdf.insert(pdf.end(), trailer.begin(), trailer.end());
  return pdf;
}

Result<std::vector<uint8_t>> SealPacket(std::string_view payload_json, const SignedStatement& statement,
                                        const Signer& sign, const std::array<uint8_t, 32>& recipient_encryption_key) {
  PASSERELLE_ASSIGN_OR_RETURN(auto prepared, Prepare(statement, ContentHash(payload_json)));
  if (prepared.first.recipient_id.empty()) return Internal("A sealed packet needs a recipient organisation.");
  const std::string statement_text = EncodeStatement(prepared.first);
  std::vector<uint8_t> ciphertext(payload_json.size() + crypto_box_SEALBYTES);
  if (crypto_box_seal(ciphertext.data(), reinterpret_cast<const uint8_t*>(payload_json.data()), payload_json.size(),
                      recipient_encryption_key.data()) != 0) {
    return Internal("The packet cannot be sealed to the recipient's key.");
  }
  platform::ByteWriter out(kPacketMagic.size() + statement_text.size() + ciphertext.size() + 128);
  out.Raw(AsBytes(kPacketMagic));
  out.U8(kPacketVersion);
  out.Str(statement_text);
  out.Raw(recipient_encryption_key);
  platform::PutBlock(out.bytes(), ciphertext);
  PASSERELLE_ASSIGN_OR_RETURN(auto signature, SignChecked(sign, TaggedMessage(kPacketTag, {out.bytes()}), prepared.second));
  out.Raw(signature);
  return out.Take();
}

Result<Verified> VerifyFile(std::span<const uint8_t> file) {
  if (!SodiumReady()) return Internal("The cryptography library could not be initialised.");
  if (LooksLikePacket(file)) {
    PacketParts parts;
    return VerifyPacket(file, &parts);
  }
  return VerifyPdf(file);
}

Result<Verified> OpenPacket(Vault& recipient_vault, std::span<const uint8_t> packet) {
  if (!SodiumReady()) return Internal("The cryptography library could not be initialised.");
  if (!LooksLikePacket(packet)) return Corrupt("This file is not a Passerelle packet.");
  PacketParts parts;
  PASSERELLE_ASSIGN_OR_RETURN(Verified v, VerifyPacket(packet, &parts));
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(recipient_vault));
  if (v.statement.recipient_id != own.id) {
    return Refused("This packet is addressed to " + v.statement.recipient_name + ", not to " + own.name + ".");
  }
  if (v.recipient_key != own.encryption_key) {
    return Refused("This packet names " + own.name + " but is sealed to another key, so it cannot be opened here.");
  }
  auto opened = OpenSealedToOrganisation(recipient_vault, parts.ciphertext);
  if (!opened.ok()) {
    if (opened.status().code() == Code::kCorrupt) return Corrupt(kAltered);
    return opened.status();
  }
  if (ContentHash(*opened) != v.statement.content_hash) return Corrupt(kAltered);
  v.payload_json.assign(opened->begin(), opened->end());
  sodium_memzero(opened->data(), opened->size());
  if (nlohmann::json::parse(v.payload_json, nullptr, false).is_discarded()) {
    return Corrupt("The packet's content is not the document Passerelle expects.");
  }
  return v;
}

Result<Standing> StandingOf(Vault& vault, const OrganisationCard& issuer) {
  const auto same = [&](const OrganisationCard& c) {
    return c.id == issuer.id && c.signing_key == issuer.signing_key && c.encryption_key == issuer.encryption_key;
  };
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(vault));
  if (same(own)) return Standing::kOwnOrganisation;
  PASSERELLE_ASSIGN_OR_RETURN(std::vector<OrganisationCard> recipients, VerifiedRecipients(vault));
  for (const OrganisationCard& c : recipients) {
    if (same(c)) return Standing::kVerifiedRecipient;
  }
  return Standing::kUnknown;
}

}  // namespace passerelle::core
