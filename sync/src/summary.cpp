// Import summaries and replica labels (summary.h, engine.h).
#include "summary.h"

#include <algorithm>
#include <map>
#include <set>

namespace passerelle::sync {

std::string ReplicaLabel(const core::ReplicaName& n) {
  if (n.worker.empty()) return core::ReplicaHex(n.replica);
  return n.service.empty() ? n.worker : n.worker + " (" + n.service + ")";
}

void AddAuthors(Authors& authors, const std::vector<core::Op>& ops) {
  const std::string* last_entity = nullptr;  // ops come grouped by record: most lookups are the last one
  std::vector<crdt::ReplicaId>* who = nullptr;
  for (const auto& op : ops) {
    if (last_entity == nullptr || *last_entity != op.entity_id) {
      who = &authors[op.entity_id];
      last_entity = &op.entity_id;
    }
    if (std::find(who->begin(), who->end(), op.id.replica) == who->end()) who->push_back(op.id.replica);
  }
}


Result<std::vector<DossierChange>> DescribeChanges(const core::SyncStore& store, const std::vector<std::string>& records,
                                                   const Authors& authors) {
  PASSERELLE_ASSIGN_OR_RETURN(auto names, store.KnownNames());
  std::unordered_map<crdt::ReplicaId, std::string> labels;
  for (const auto& n : names) labels[n.replica] = ReplicaLabel(n);

  PASSERELLE_ASSIGN_OR_RETURN(auto places, store.DossiersOf(records));
  std::map<std::string, DossierChange> by_dossier;
  std::map<std::string, std::set<crdt::ReplicaId>> dossier_authors;
  for (size_t i = 0; i < records.size(); ++i) {
    auto& dossiers = places[i];
    if (dossiers.empty()) dossiers.push_back("");
    auto who = authors.find(records[i]);
    for (const auto& d : dossiers) {
      auto& change = by_dossier[d];
      change.dossier_id = d;
      ++change.records;
      if (who != authors.end()) dossier_authors[d].insert(who->second.begin(), who->second.end());
    }
  }
  std::vector<std::string> named;
  for (const auto& [d, change] : by_dossier)
    if (!d.empty()) named.push_back(d);
  PASSERELLE_ASSIGN_OR_RETURN(auto people, store.PersonNamesOf(named));
  std::vector<DossierChange> out;
  size_t next_person = 0;
  for (auto& [d, change] : by_dossier) {
    if (!d.empty()) change.person_name = std::move(people[next_person++]);
    for (crdt::ReplicaId r : dossier_authors[d]) {
      auto label = labels.find(r);
      change.authors.push_back(label != labels.end() ? label->second : core::ReplicaHex(r));
    }
    std::sort(change.authors.begin(), change.authors.end());
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace passerelle::sync
