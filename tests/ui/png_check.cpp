// png_check FILE...: exits non-zero unless every PNG is a plausible screenshot — expected size,
// not blank (many colours, a fair share of pixels differing from the background colour), and
// smaller than 200 KB (README screenshots live in the repository).
#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <string>

#include "stb/stb_image.h"

int main(int argc, char** argv) {
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const char* path = argv[i];
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(path, &w, &h, &n, 3);
    if (px == nullptr) {
      std::printf("FAIL %s: not a readable PNG\n", path);
      ++failures;
      continue;
    }
    std::map<unsigned, size_t> colours;
    const size_t count = static_cast<size_t>(w) * static_cast<size_t>(h);
    for (size_t p = 0; p < count; ++p) {
      unsigned rgb = (unsigned{px[p * 3]} << 16) | (unsigned{px[p * 3 + 1]} << 8) | px[p * 3 + 2];
      ++colours[rgb];
    }
    stbi_image_free(px);
    size_t background = 0;
    for (const auto& [rgb, c] : colours) background = std::max(background, c);
    double ink = 1.0 - static_cast<double>(background) / static_cast<double>(count);
    struct stat st {};
    stat(path, &st);
    bool ok = w >= 640 && h >= 400 && colours.size() >= 32 && ink >= 0.03 && st.st_size < 200 * 1024;
    std::printf("%s %s: %dx%d, %zu colours, %.1f%% non-background, %lld bytes\n", ok ? "ok  " : "FAIL", path, w, h,
                colours.size(), ink * 100.0, static_cast<long long>(st.st_size));
    if (!ok) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
