/* The ABI header must compile as strict C11 on its own: this file is that
 * compile (-std=c11 -pedantic; warnings are errors under the presets), and
 * running it fills in each struct a C plugin uses. The layout is checked
 * by a C++ compile, in abi_layout_test.cpp. */
#include <chatd/plugin_abi.h>

int main(void) {
    chatd_plugin_descriptor d = {0};
    chatd_host_api h = {0};
    chatd_config_option o = {0};
    chatd_str_view v = {"x", 1};
    d.struct_size = (uint32_t)sizeof d;
    h.struct_size = (uint32_t)sizeof h;
    o.struct_size = (uint32_t)sizeof o;
    return (d.struct_size == 0 || h.struct_size == 0 || o.struct_size == 0 || v.size != 1);
}
