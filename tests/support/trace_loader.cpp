// See trace_loader.h.
#include "trace_loader.h"

#include <zlib.h>

#include <nlohmann/json.hpp>

namespace passerelle::testing {

Result<EditTrace> LoadTrace(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return NotFound("Editing trace not found: " + path);
  std::string text;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  const bool read_ok = n == 0;
  gzclose(f);
  if (!read_ok) return Corrupt("Editing trace is not valid gzip: " + path);

  // nlohmann reports shape errors by throwing; keep that inside this function.
  try {
    const auto doc = nlohmann::json::parse(text);
    EditTrace trace;
    // get_ref and find rather than value(): the latter trips GCC's -Wnull-dereference inside
    // nlohmann's header once inlined.
    if (auto it = doc.find("startContent"); it != doc.end()) trace.start_content = it->get_ref<const std::string&>();
    trace.end_content = doc.at("endContent").get_ref<const std::string&>();
    for (const auto& t : doc.at("txns")) {
      TraceTxn txn;
      if (auto it = t.find("agent"); it != t.end()) txn.agent = it->get<size_t>();
      if (auto it = t.find("parents"); it != t.end()) {
        for (const auto& p : *it) txn.parents.push_back(p.get<size_t>());
      }
      for (const auto& p : t.at("patches")) {
        txn.patches.push_back({p.at(0).get<size_t>(), p.at(1).get<size_t>(), p.at(2).get_ref<const std::string&>()});
      }
      trace.patch_count += txn.patches.size();
      trace.txns.push_back(std::move(txn));
    }
    return trace;
  } catch (const nlohmann::json::exception& e) {
    return Corrupt("Editing trace " + path + " is not a trace: " + e.what());
  }
}

}  // namespace passerelle::testing
