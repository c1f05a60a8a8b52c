#include "change_words.h"

namespace passerelle::ui {

std::string DeviceName(const ScreenEnv& env, const std::string& label) {
  return label.empty() ? std::string(env.t.T("sync_words.unnamed_device")) : label;
}

std::string ChangeLine(const ScreenEnv& env, const ChangeRow& change) {
  const I18n& t = env.t;
  std::string authors;
  for (const auto& a : change.authors) authors += (authors.empty() ? "" : ", ") + DeviceName(env, a);
  // {changed} ("1 record changed by {authors}") is put in first, then its {authors}.
  const std::string changed = t.Plural("sync.records_changed", static_cast<int64_t>(change.records));
  if (change.dossier_id.empty()) return t.Format("sync.change_no_dossier", {{"changed", changed}, {"authors", authors}});
  const std::string person =
      change.person_name.empty() ? std::string(t.T("sync_words.unknown_case_file")) : change.person_name;
  return t.Format("sync.change_row", {{"person", person}, {"changed", changed}, {"authors", authors}});
}

}  // namespace passerelle::ui
