#include "theme.h"

#include "glyph_ranges.h"
#include "passerelle/platform/file.h"

namespace passerelle::ui {

bool FontStore::Load(const std::string& regular_path, const std::string& bold_path, std::string* error) {
  auto regular = platform::ReadFile(regular_path);
  if (!regular.ok()) {
    *error = regular_path + ": " + regular.status().message();
    return false;
  }
  auto bold = platform::ReadFile(bold_path);
  // A missing bold face is not fatal: headings then use the regular face.
  regular_ = std::move(regular).value();
  bold_ = bold.ok() ? std::move(bold).value() : regular_;
  return true;
}

FontSet FontStore::Build(ImFontAtlas& atlas, const I18n& i18n, float scale) {
  std::vector<const StringTable*> tables;
  for (auto lang : I18n::kLanguages) tables.push_back(&i18n.table(lang));
  ranges_ = ToImGuiRanges(BuildGlyphRanges(tables));
  atlas.Clear();
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in this store
  config.OversampleH = 2;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  const ImWchar* ranges = reinterpret_cast<const ImWchar*>(ranges_.data());
  static_assert(sizeof(ImWchar) == sizeof(uint16_t), "ImWchar must be 16-bit (Debian's libimgui default)");
  FontSet set;
  set.body = atlas.AddFontFromMemoryTTF(regular_.data(), static_cast<int>(regular_.size()), kBodyFontPx * scale,
                                        &config, ranges);
  set.title = atlas.AddFontFromMemoryTTF(bold_.data(), static_cast<int>(bold_.size()), kTitleFontPx * scale, &config,
                                         ranges);
  return set;
}

void ApplyTheme(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(16, 14);
  style.FramePadding = ImVec2(12, 9);
  style.ItemSpacing = ImVec2(10, 10);
  style.ItemInnerSpacing = ImVec2(8, 6);
  style.CellPadding = ImVec2(8, 6);
  style.TouchExtraPadding = ImVec2(4, 4);  // a finger is less precise than a mouse
  style.ScrollbarSize = 22;
  style.GrabMinSize = 24;
  style.FrameRounding = 6;
  style.GrabRounding = 6;
  style.PopupRounding = 8;
  style.WindowRounding = 0;
  style.TabRounding = 6;
  style.FrameBorderSize = 1;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);  // sheets and menus are opaque: no text shows through
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.10f, 0.12f, 0.14f, 0.45f);
  c[ImGuiCol_Text] = ImVec4(0.10f, 0.12f, 0.14f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.40f, 0.43f, 0.46f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.88f, 0.91f, 0.92f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.87f, 0.88f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.65f, 0.80f, 0.82f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.80f, 0.90f, 0.91f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.72f, 0.86f, 0.88f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.62f, 0.80f, 0.83f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_Tab] = ImVec4(0.86f, 0.90f, 0.91f, 1.0f);
  c[ImGuiCol_TabActive] = ImVec4(0.62f, 0.82f, 0.84f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.72f, 0.87f, 0.88f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.0f, 0.43f, 0.47f, 1.0f);
  c[ImGuiCol_CheckMark] = ImVec4(0.0f, 0.43f, 0.47f, 1.0f);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.0f, 0.55f, 0.45f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace passerelle::ui
