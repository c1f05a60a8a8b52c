// The demo's office hub (`passerelle --demo`): behaves like a hub for the screen — enrolment with a
// well-formed code, a sync that reports progress over about a second and names the demo's case
// files in its result — but opens no socket and writes nothing in the vault. For the demo and the
// screenshots only; the real app uses MakeHubClientPort(). Thread-safety: as HubPort.
#pragma once

#include <memory>

#include "hub_port.h"

namespace passerelle::ui {

// `enrolled`: start as a device already enrolled with the office (the sync screen's usual look).
std::unique_ptr<HubPort> MakeDemoHubPort(bool enrolled = true);

}  // namespace passerelle::ui
