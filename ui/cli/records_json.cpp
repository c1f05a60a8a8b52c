#include "records_json.h"

#include "passerelle/core/needs.h"

namespace passerelle::cli {

using nlohmann::json;

namespace {
// The one null/empty convention of every JSON output (docs/cli.md, "JSON"): a value that is not
// there (an optional field never set or cleared, a time that never happened) is null, never "";
// a list is always a list, [] when empty. Applied here, where every output becomes text.
template <typename J>
J AbsentAsNull(const J& value) {
  if (value.is_object()) {
    J out = J::object();
    for (auto it = value.begin(); it != value.end(); ++it)
      out[it.key()] = it.value().is_string() && it.value().template get_ref<const std::string&>().empty()
                          ? J(nullptr)
                          : AbsentAsNull(it.value());
    return out;
  }
  if (value.is_array()) {
    J out = J::array();
    for (const auto& v : value) out.push_back(AbsentAsNull(v));
    return out;
  }
  return value;
}
}  // namespace

std::string JsonText(const json& value) {
  return AbsentAsNull(value).dump(-1, ' ', false, json::error_handler_t::replace);
}
std::string JsonText(const nlohmann::ordered_json& value) {
  return AbsentAsNull(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

json ToJson(const core::Person& p) {
  return {{"id", p.id}, {"name", p.name}, {"alias", p.alias}, {"birth_date", p.birth_date}, {"language", p.language},
          {"establishment", p.establishment}, {"status", p.status}};
}
json ToJson(const core::Dossier& d) {
  return {{"id", d.id}, {"person_id", d.person_id}, {"service", d.service}, {"referent", d.referent},
          {"basis", d.basis}, {"mandate_conditions", d.mandate_conditions}, {"opened_on", d.opened_on},
          {"expected_release", d.expected_release}, {"next_hearing", d.next_hearing}, {"next_review", d.next_review}};
}
json ToJson(const core::DossierSummary& s) {
  json j = ToJson(s.dossier);
  j["person"] = ToJson(s.person);
  j["last_visit"] = s.last_visit;
  return j;
}
json ToJson(const core::Note& n) {
  return {{"id", n.id}, {"dossier_id", n.dossier_id}, {"visit_id", n.visit_id}, {"author", n.author},
          {"created_at", n.created_at}, {"scope", n.scope}, {"partner", n.partner}, {"body", n.body},
          {"domains", n.domains}, {"practice_codes", n.practice_codes}};
}
json ToJson(const core::Visit& v) {
  return {{"id", v.id}, {"dossier_id", v.dossier_id}, {"date", v.date}, {"place", v.place}, {"kind", v.kind},
          {"outcome", v.outcome}, {"author", v.author}, {"practice_codes", v.practice_codes},
          {"participants", v.participants}};
}
json ToJson(const core::PlanItem& p) {
  // "stage" is the item's stage in the hierarchy of needs, its domain's default when never chosen.
  return {{"id", p.id},           {"dossier_id", p.dossier_id}, {"domain", p.domain},      {"goal", p.goal},
          {"status", p.status},   {"barriers", p.barriers},     {"levers", p.levers},      {"due_date", p.due_date},
          {"stage", core::StageOf(p)}, {"suggestions", p.suggestions},
          {"practice_codes", p.practice_codes}};
}
json ToJson(const core::Consent& c) {
  return {{"id", c.id}, {"dossier_id", c.dossier_id}, {"partner", c.partner}, {"scope", c.scope},
          {"given_on", c.given_on}, {"expires_on", c.expires_on}, {"withdrawn_on", c.withdrawn_on}};
}
json ToJson(const core::Referral& r) {
  return {{"id", r.id}, {"plan_item_id", r.plan_item_id}, {"service_id", r.service_id}, {"status", r.status},
          {"comment", r.comment}};
}
json ToJson(const core::FieldVersion& h) {
  return {{"value", h.cleared ? json(nullptr) : json(h.value)}, {"hlc", h.hlc}, {"replica", h.replica},
          {"current", h.current}};
}
json ToJson(const core::DossierDetail& d) {
  json j = ToJson(d.summary);
  j["visits"] = ToJsonList(d.visits);
  j["notes"] = ToJsonList(d.notes);
  j["plan"] = ToJsonList(d.plan);
  j["referrals"] = ToJsonList(d.referrals);
  j["consents"] = ToJsonList(d.consents);
  return j;
}

}  // namespace passerelle::cli
