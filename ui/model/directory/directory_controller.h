// The directory feature: search and filters over the R.A.J. service directory (DirectoryModel),
// an entry's detail and private annotations, and referring the open case file's person to a
// service (a referral on one of their plan items). Thread-safety: UI thread only.
#pragma once

#include <string>

#include "app_context.h"
#include "directory_intents.h"
#include "directory_model.h"
#include "dossier_controller.h"

namespace passerelle::ui {

class DirectoryController {
 public:
  DirectoryController(AppContext& app, DossierController& dossier) : app_(app), dossier_(dossier) {}

  const DirectoryModel& model() const { return model_; }
  void Apply(const DirectoryIntent& intent);
  // Reads the directory; the screen is shown.
  void Load();
  // The vault was just unlocked: installs the directory shipped with the app if the vault has
  // none, or replaces it if the shipped one is newer (annotations kept), and says so in the banner.
  void VaultOpened();
  // The worker switched languages: names and facet labels follow.
  void SetLanguage(const std::string& language);
  // Every service's display name by id (the case file shows them on referrals).
  ServiceNames Names();
  void Wipe() { model_.Wipe(); }

 private:
  void On(const intent::SetDirectoryQuery&);
  void On(const intent::SetDirectoryTheme&);
  void On(const intent::SetDirectoryRegion&);
  void On(const intent::SetDirectoryInsidePrison&);
  void On(const intent::SelectService&);
  void On(const intent::OpenRefer&);
  void On(const intent::ReferToPlanItem&);
  void On(const intent::EditAnnotation&);
  void On(const intent::SaveAnnotation&);

  AppContext& app_;
  DossierController& dossier_;
  DirectoryModel model_;
};

}  // namespace passerelle::ui
