// Base64url without padding (RFC 7515 section 2), the only encoding a JWT's
// segments may use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chatd::auth::jwt {

std::string base64url_encode(std::string_view bytes);

// nullopt for anything but the canonical encoding: padding, whitespace,
// characters outside A-Z a-z 0-9 - _, an impossible length, or unused bits
// that are not zero. Refusing the non-canonical spellings keeps one
// signature from having several encodings.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace chatd::auth::jwt
