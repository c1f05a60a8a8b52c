// Fuzz target: JSON output of stored text (issue 10). A single byte that is not UTF-8 in a stored
// value used to abort `person list --json`, `dump --canonical` and the sync JSON on every device
// of the team. Here arbitrary byte strings stand for stored values: the CLI's record-to-JSON
// (ui/cli/records_json.cpp) and the canonical dump's encoding (core/src/dump_encoding.h) must
// never throw, must give JSON that parses back, and must keep every valid UTF-8 value exactly.
// Input: the stored values, separated by the byte 0xFE (every other byte, 0x00 and invalid UTF-8
// included, is part of a value). Corpus: tests/fuzz/json_output/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dump_encoding.h"
#include "passerelle/platform/utf8.h"
#include "records_json.h"

namespace {

using nlohmann::json;
namespace core = passerelle::core;

bool IsUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();)
    if (!passerelle::platform::utf8::DecodeNext(s, i).valid) return false;
  return true;
}

// Values cycled from the input, so even a short input fills every field.
struct Values {
  std::vector<std::string> items;
  size_t next = 0;
  std::string operator()() { return items[next++ % items.size()]; }
};

// Parses `text` back; traps unless it is valid JSON.
json ParseBack(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) __builtin_trap();
  return j;
}

// A stored value that was valid UTF-8 comes back unchanged; any other one comes back as valid text.
void CheckElement(const json& j, const std::string& stored) {
  if (!j.is_string()) __builtin_trap();
  if (IsUtf8(stored) && j.get<std::string>() != stored) __builtin_trap();
}
// The same for a field; an empty one (a value the record does not have) comes back as null
// (docs/cli.md, "JSON").
void CheckValue(const json& j, const std::string& stored) {
  if (stored.empty()) {
    if (!j.is_null()) __builtin_trap();
    return;
  }
  CheckElement(j, stored);
}

void CheckRecords(Values& v) {
  core::Person p{v(), v(), v(), v(), v(), v(), v()};
  json pj = ParseBack(passerelle::cli::JsonText(passerelle::cli::ToJson(p)));
  CheckValue(pj["id"], p.id);
  CheckValue(pj["name"], p.name);
  CheckValue(pj["status"], p.status);

  core::DossierDetail d;
  d.summary.dossier = {v(), v(), v(), v(), v(), v(), v(), v(), v(), v()};
  d.summary.person = p;
  d.summary.last_visit = v();
  core::Visit visit{v(), v(), v(), v(), v(), v(), v(), {v(), v()}, {v()}};
  core::Note note{v(), v(), v(), v(), v(), v(), v(), v(), {v()}, {v(), v()}};
  d.visits = {visit};
  d.notes = {note, note};
  d.plan = {core::PlanItem{v(), v(), v(), v(), v(), v(), v(), v(), v(), {v()}, {v()}}};
  d.referrals = {core::Referral{v(), v(), v(), v(), v()}};
  d.consents = {core::Consent{v(), v(), v(), v(), v(), v(), v()}};
  json dj = ParseBack(passerelle::cli::JsonText(passerelle::cli::ToJson(d)));
  CheckValue(dj["referent"], d.summary.dossier.referent);
  CheckValue(dj["person"]["name"], p.name);
  CheckValue(dj["notes"][1]["body"], note.body);
  CheckElement(dj["notes"][0]["domains"][0], note.domains[0]);
  CheckElement(dj["visits"][0]["practice_codes"][1], visit.practice_codes[1]);
  CheckElement(dj["visits"][0]["participants"][0], visit.participants[0]);
  CheckValue(dj["consents"][0]["partner"], d.consents[0].partner);

  core::FieldVersion h;
  h.value = v();
  json hj = ParseBack(passerelle::cli::JsonText(passerelle::cli::ToJsonList(std::vector<core::FieldVersion>{h})));
  CheckValue(hj[0]["value"], h.value);

  // Ordered JSON, as the directory and sync outputs build it.
  nlohmann::ordered_json oj = {{"name", v()}, {"list", {v(), v()}}};
  ParseBack(passerelle::cli::JsonText(oj));
}

void CheckCanonicalDump(Values& v) {
  // The dump's shape (core/src/dump.cpp): records of string or null columns and string sets,
  // keyed by field names that are themselves stored text in the worst case.
  json rec = json::object();
  const std::string key = v(), id = v(), text = v(), element = v();
  rec[key] = v();  // first, so that the fields checked below win if the key collides with one
  rec["id"] = id;
  rec["deleted"] = false;
  rec["body"] = text;
  rec["alias"] = nullptr;
  rec["domains"] = json::array({element, v()});
  json dump = {{"format", 1}, {"note", json::array({rec})}};
  const std::string out = core::CanonicalDumpText(dump);
  if (out.empty() || out.back() != '\n') __builtin_trap();
  // Issue 13: UTF-8 text as is, no \u escapes for non-ASCII; still always valid UTF-8 (invalid
  // stored bytes become U+FFFD), so the bytes are stable whatever the terminal's encoding.
  if (!IsUtf8(out)) __builtin_trap();
  auto plain = [](const std::string& s) {  // text JSON writes without any escape
    for (unsigned char c : s)
      if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') return false;
    return true;
  };
  if (IsUtf8(text) && plain(text) && out.find(text) == std::string::npos) __builtin_trap();
  json back = ParseBack(out);
  const json& r = back["note"][0];
  CheckElement(r["id"], id);
  CheckElement(r["body"], text);
  CheckElement(r["domains"][0], element);
  if (!r["alias"].is_null() || r["deleted"] != false) __builtin_trap();
  // Deterministic: the same document always gives the same bytes.
  if (core::CanonicalDumpText(dump) != out) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Values v;
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0xFE) {
      v.items.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  v.items.push_back(current);
  CheckRecords(v);
  CheckCanonicalDump(v);
  return 0;
}
