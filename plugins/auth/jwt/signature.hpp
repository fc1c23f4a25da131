// Whether a JWS signature over a token's "header.payload" was made with the
// configured key, by the configured algorithm.
#pragma once

#include "jwt_key.hpp"

#include <string_view>

namespace chatd::auth::jwt {

// `signature` is the decoded third segment. Safe to call from several
// threads at once with one Key.
bool signature_valid(const Key &key, std::string_view signing_input, std::string_view signature);

} // namespace chatd::auth::jwt
