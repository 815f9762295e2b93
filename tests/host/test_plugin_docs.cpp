// Each plugin's README documents every config key and port its schema declares, so the
// docs cannot drift from the spec the host checks.
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace tradehost;

TEST(PluginDocs, EveryReadmeListsEveryKeyAndPort) {
    Registry reg;
    reg.scan({PLUGIN_DIR});
    if (reg.plugins().empty() && !TRADEHOST_ALL_PLUGINS) GTEST_SKIP() << "no plugins built";
    ASSERT_FALSE(reg.plugins().empty());
    EXPECT_TRUE(reg.failures().empty()) << reg.failures().front().reason;
    for (const auto& [name, lib] : reg.plugins()) {
        std::string path = std::string(SOURCE_DIR) + "/plugins/" + name + "/README.md";
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        std::string doc = test::read_file(path);
        for (const auto& f : lib->fields())
            EXPECT_NE(doc.find("`" + std::string(f.key) + "`"), std::string::npos) << name << ": config key " << f.key;
        for (const auto& p : lib->ports())
            EXPECT_NE(doc.find("`" + std::string(p.name) + "`"), std::string::npos) << name << ": port " << p.name;
    }
}
