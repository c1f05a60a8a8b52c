#include "case_list_controller.h"

namespace passerelle::ui {

void CaseListController::Apply(const CaseListIntent& intent) {
  std::visit([this](const auto& i) { On(i); }, intent);
}

Status CaseListController::Load() { return model_.Load(app_.vault(), app_.Today()); }

}  // namespace passerelle::ui
