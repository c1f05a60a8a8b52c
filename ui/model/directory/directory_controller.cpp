#include "directory_controller.h"

namespace passerelle::ui {

void DirectoryController::Apply(const DirectoryIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

ServiceNames DirectoryController::Names() {
  if (!app_.unlocked()) return {};
  return model_.AllNames(app_.vault());
}

void DirectoryController::Load() {
  if (!app_.unlocked()) return;
  Status st = model_.Load(app_.vault(), app_.ui().language);
  if (!st.ok() && st.code() != Code::kNotFound) app_.Report(st, "directory.load_failed");
}

void DirectoryController::VaultOpened() {
  if (!app_.unlocked() || app_.config().assets_dir.empty()) return;
  auto update = core::directory::UpdateFromShipped(app_.vault(), app_.config().assets_dir);
  if (!update.ok()) return app_.Report(update.status(), "directory_words.update_failed");
  if (*update == core::directory::ShippedUpdate::kInstalled) app_.Inform("directory_words.installed", "");
  if (*update == core::directory::ShippedUpdate::kUpdated) app_.Inform("directory_words.updated", "");
}

void DirectoryController::SetLanguage(const std::string& language) {
  model_.SetLanguage(language);
  if (app_.unlocked() && app_.ui().screen == Screen::kDirectory) Load();  // facet labels
}

void DirectoryController::On(const intent::SetDirectoryQuery& i) {
  if (app_.unlocked() && model_.available())
    app_.Report(model_.SetQuery(app_.vault(), i.query.str()), "directory.load_failed");
}
void DirectoryController::On(const intent::SetDirectoryTheme& i) {
  if (app_.unlocked() && model_.available()) app_.Report(model_.SetTheme(app_.vault(), i.theme), "directory.load_failed");
}
void DirectoryController::On(const intent::SetDirectoryRegion& i) {
  if (app_.unlocked() && model_.available())
    app_.Report(model_.SetRegion(app_.vault(), i.region), "directory.load_failed");
}
void DirectoryController::On(const intent::SetDirectoryInsidePrison& i) {
  if (app_.unlocked() && model_.available())
    app_.Report(model_.SetInsidePrison(app_.vault(), i.only), "directory.load_failed");
}
void DirectoryController::On(const intent::SelectService& i) {
  if (app_.unlocked() && model_.available())
    app_.Report(model_.Select(app_.vault(), i.service_id), "directory.load_failed");
}

void DirectoryController::On(const intent::OpenRefer& i) {
  // Referring needs a person: the case file opened last.
  app_.ui().refer_open = i.open && app_.unlocked() && dossier_.model().loaded() && model_.selected().has_value();
  if (app_.ui().refer_open) model_.refer_submit().Open();
  else model_.refer_submit().Close();
}

void DirectoryController::On(const intent::ReferToPlanItem& i) {
  // One referral per dialog: a double tap (or a tap landing as the dialog closes) creates no twin.
  if (!app_.unlocked() || !app_.ui().refer_open || !model_.refer_submit().Accepts(i.token)) return;
  auto id = model_.Refer(app_.vault(), i.plan_item_id);
  if (!id.ok()) return app_.Report(id.status(), "directory.refer_failed");
  model_.refer_submit().Done();
  model_.refer_submit().Close();
  app_.ui().refer_open = false;
  app_.Inform("directory.referred",
              dossier_.model().summary().person.name + " \xE2\x86\x92 " + model_.DisplayName(*model_.selected()));
  dossier_.Reload();
}

void DirectoryController::On(const intent::EditAnnotation& i) { model_.SetAnnotationDraft(i.text.str()); }

void DirectoryController::On(const intent::SaveAnnotation&) {
  if (app_.unlocked()) app_.Report(model_.SaveAnnotation(app_.vault()), "directory.annotation_failed");
}

}  // namespace passerelle::ui
