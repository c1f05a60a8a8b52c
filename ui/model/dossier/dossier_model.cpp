#include "dossier_model.h"

#include <algorithm>
#include <tuple>

#include "passerelle/core/model.h"
#include "passerelle/core/needs.h"
#include "passerelle/platform/clock.h"
#include "secret_text.h"
#include "text_fold.h"

namespace passerelle::ui {
namespace {

// The fields whose changes matter when several workers follow the same person.
struct TrackedField {
  const char* record;
  const char* field;
};
constexpr TrackedField kTracked[] = {
    {"person", "status"},     {"person", "establishment"},  {"dossier", "referent"},
    {"dossier", "basis"},     {"dossier", "next_review"},   {"dossier", "expected_release"},
    {"dossier", "next_hearing"}, {"dossier", "mandate_conditions"},
    // Issue 13: every field the app can edit shows its changes.
    {"person", "name"},       {"person", "birth_date"},     {"person", "language"},
    {"person", "alias"},      {"dossier", "opened_on"},
};
// Fields of the records inside the case file (visits, goals, referrals, consents, reviews): shown
// once changed after their creation, each with the record it belongs to.
constexpr TrackedField kTrackedInside[] = {
    {"visit", "date"},         {"visit", "kind"},        {"visit", "place"},      {"visit", "outcome"},
    {"plan_item", "goal"},     {"plan_item", "status"},  {"plan_item", "due_date"}, {"plan_item", "domain"},
    {"referral", "status"},    {"consent", "given_on"},  {"consent", "expires_on"}, {"consent", "withdrawn_on"},
    {"review", "held_on"},     {"review", "next_review"},
};

std::string LocalDate(core::HlcTimestamp hlc) {
  auto d = platform::LocalDateFromMillis(crdt::HlcMillis(hlc));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

void WipeVisit(core::Visit& v) {
  for (std::string* s : {&v.id, &v.dossier_id, &v.date, &v.place, &v.kind, &v.outcome, &v.author}) WipeString(*s);
  WipeStrings(v.practice_codes);
  WipeStrings(v.participants);
}

void WipeNote(core::Note& n) {
  for (std::string* s : {&n.id, &n.dossier_id, &n.visit_id, &n.author, &n.created_at, &n.scope, &n.partner, &n.body})
    WipeString(*s);
}

}  // namespace

std::string NoteExcerpt(const std::string& body, size_t max_bytes) {
  std::string flat = body;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  if (flat.size() <= max_bytes) return flat;
  size_t cut = 0;
  for (size_t i = 0; i < flat.size();) {
    size_t before = i;
    NextCodePoint(flat, i);
    if (i > max_bytes) {
      cut = before;
      break;
    }
  }
  std::string out = flat.substr(0, cut);
  WipeString(flat);
  return out + "\xE2\x80\xA6";  // …
}

Status DossierModel::Load(const core::Vault& vault, const std::string& dossier_id, const std::string& today,
                          const ServiceNames& names, const ReplicaNames& replicas) {
  auto detail = core::ShowDossier(vault, dossier_id);
  if (!detail.ok()) return detail.status();
  Wipe();
  detail_ = std::move(detail).value();

  for (const auto& v : detail_.visits) {
    TimelineEntry e{v, {}, {}, {}, {}};
    // Notes are newest first: the visit's latest note represents it on the timeline.
    for (const auto& n : detail_.notes)
      if (n.visit_id == v.id) {
        e.note_id = n.id;
        e.note_excerpt = NoteExcerpt(n.body);
        e.note_scope = n.scope;
        e.note_domains = n.domains;
        break;
      }
    timeline_.push_back(std::move(e));
  }

  // Issue 15: by stage of the hierarchy of needs (basic needs first), then by life domain.
  for (const auto& group : core::GroupByStage(detail_.plan))
    for (const auto& item : group.items) {
    if (plan_.empty() || plan_.back().domain != item.domain || plan_.back().stage != group.stage)
      plan_.push_back({item.domain, {}, group.stage});
    PlanEntry entry{item, {}};
    for (const auto& r : detail_.referrals)
      if (r.plan_item_id == item.id) {
        auto it = names.find(r.service_id);
        entry.referrals.push_back({r, it == names.end() ? std::string() : it->second});
      }
    plan_.back().entries.push_back(std::move(entry));
    }
  PASSERELLE_RETURN_IF_ERROR(needs_.Load(vault, dossier_id, detail_.plan));

  auto reviews = core::ListReviews(vault, dossier_id);
  if (!reviews.ok()) return reviews.status();
  reviews_ = std::move(reviews).value();
  if (Status st = exit_plan_.Load(vault, dossier_id, detail_.summary.dossier.expected_release, today, names); !st.ok())
    return st;

  for (const auto& c : detail_.consents) consents_.push_back({c, c.ActiveOn(today)});
  std::stable_sort(consents_.begin(), consents_.end(),
                   [](const ConsentEntry& a, const ConsentEntry& b) { return a.active && !b.active; });

  const std::string ids[] = {detail_.summary.person.id, detail_.summary.dossier.id};
  for (const auto& t : kTracked) {
    const std::string& id = std::string_view(t.record) == "person" ? ids[0] : ids[1];
    if (id.empty()) continue;
    auto versions = core::FieldHistory(vault, id, t.field);
    if (!versions.ok()) return versions.status();
    for (const auto& v : *versions) {
      auto who = replicas.find(v.replica);
      history_.push_back({t.record, t.field, v.value, v.cleared, LocalDate(v.hlc), v.hlc, v.replica,
                          who == replicas.end() ? std::string() : who->second, v.replica == vault.replica(), v.current,
                          {}, {}});
    }
  }
  // (record kind, id, what names it to the worker: a date or a text)
  struct Inside {
    std::string_view record;
    std::string id, subject, subject_date;
  };
  std::vector<Inside> inside;
  for (const auto& v : detail_.visits) inside.push_back({"visit", v.id, {}, v.date});
  for (const auto& p : detail_.plan) inside.push_back({"plan_item", p.id, p.goal, {}});
  for (const auto& g : plan_)
    for (const auto& e : g.entries)
      for (const auto& r : e.referrals)
        inside.push_back({"referral", r.referral.id, r.service_name.empty() ? r.referral.service_id : r.service_name, {}});
  for (const auto& c : detail_.consents) inside.push_back({"consent", c.id, c.partner, {}});
  for (const auto& r : reviews_) inside.push_back({"review", r.id, {}, r.held_on});
  for (const auto& rec : inside)
    for (const auto& t : kTrackedInside) {
      if (rec.record != t.record) continue;
      auto versions = core::FieldHistory(vault, rec.id, t.field);
      if (!versions.ok()) return versions.status();
      if (versions->size() < 2) continue;  // never changed since the record was made
      for (const auto& v : *versions) {
        auto who = replicas.find(v.replica);
        history_.push_back({t.record, t.field, v.value, v.cleared, LocalDate(v.hlc), v.hlc, v.replica,
                            who == replicas.end() ? std::string() : who->second, v.replica == vault.replica(),
                            v.current, rec.subject, rec.subject_date});
      }
    }
  std::stable_sort(history_.begin(), history_.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
    return a.hlc > b.hlc;
  });
  return Status::Ok();
}

bool DossierModel::Holds(const std::string& id) const {
  if (id.empty()) return false;
  const auto& s = detail_.summary;
  if (id == s.dossier.id || id == s.person.id) return true;
  auto in = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& r) { return r.id == id; });
  };
  return in(detail_.visits) || in(detail_.notes) || in(detail_.plan) || in(detail_.referrals) ||
         in(detail_.consents) || in(reviews_) || exit_plan_.Holds(id) || needs_.Holds(id);
}

void DossierModel::Wipe() {
  auto& s = detail_.summary;
  for (std::string* f : {&s.person.id, &s.person.name, &s.person.alias, &s.person.birth_date, &s.person.language,
                         &s.person.establishment, &s.person.status, &s.dossier.id, &s.dossier.person_id,
                         &s.dossier.service, &s.dossier.referent, &s.dossier.basis, &s.dossier.mandate_conditions,
                         &s.dossier.opened_on, &s.dossier.expected_release, &s.dossier.next_hearing,
                         &s.dossier.next_review, &s.last_visit})
    WipeString(*f);
  for (auto& v : detail_.visits) WipeVisit(v);
  for (auto& n : detail_.notes) WipeNote(n);
  exit_plan_.Wipe();
  for (auto& p : detail_.plan)
    for (std::string* f : {&p.id, &p.dossier_id, &p.domain, &p.goal, &p.status, &p.barriers, &p.levers, &p.due_date})
      WipeString(*f);
  for (auto& r : detail_.referrals)
    for (std::string* f : {&r.id, &r.plan_item_id, &r.service_id, &r.status, &r.comment}) WipeString(*f);
  for (auto& c : detail_.consents)
    for (std::string* f : {&c.id, &c.dossier_id, &c.partner, &c.scope, &c.given_on, &c.expires_on, &c.withdrawn_on})
      WipeString(*f);
  detail_ = {};
  for (auto& e : timeline_) {
    WipeVisit(e.visit);
    WipeString(e.note_excerpt);
  }
  timeline_.clear();
  for (auto& g : plan_)
    for (auto& e : g.entries) {
      for (std::string* f : {&e.item.goal, &e.item.barriers, &e.item.levers}) WipeString(*f);
      for (auto& r : e.referrals) WipeString(r.referral.comment);
    }
  plan_.clear();
  for (auto& c : consents_) WipeString(c.consent.partner);
  consents_.clear();
  for (auto& h : history_) {
    WipeString(h.value);
    WipeString(h.subject);
  }
  history_.clear();
  for (auto& r : reviews_) {
    for (std::string* f : {&r.id, &r.dossier_id, &r.held_on, &r.next_review, &r.comment, &r.author}) WipeString(*f);
    WipeStrings(r.participants);
  }
  reviews_.clear();
  needs_.Wipe();
}

}  // namespace passerelle::ui
