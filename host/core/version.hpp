#pragma once

namespace chatd {
inline constexpr const char *kVersion = "0.1.0";
inline constexpr int kProtocolVersion = 1;
} // namespace chatd
