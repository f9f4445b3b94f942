package io.cairn.api.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokensTest {

    @TempDir
    Path dir;

    @Test
    void theGeneratedAdminTokenIsKeptAcrossStartsUntilItsFileIsDeleted() throws Exception {
        Path file = dir.resolve("data/admin-token");
        SecurityProperties properties = new SecurityProperties(List.of(), file.toString(), "roles", 60);

        ApiTokens.configured(properties, false);
        String first = Files.readString(file).trim();
        ApiTokens restarted = ApiTokens.configured(properties, false);

        assertThat(Files.readString(file).trim()).isEqualTo(first);
        assertThat(restarted.find(first)).map(ApiTokens.Token::role).contains(Role.ADMIN);

        Files.delete(file);
        ApiTokens rotated = ApiTokens.configured(properties, false);
        String second = Files.readString(file).trim();
        assertThat(second).isNotEqualTo(first).startsWith("cairn_");
        assertThat(rotated.find(first)).isEmpty();
        assertThat(rotated.find(second)).isPresent();
    }

    @Test
    void aFileNotHoldingAGeneratedTokenIsReplaced() throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "\n");

        ApiTokens tokens = ApiTokens.configured(new SecurityProperties(List.of(), file.toString(), "roles", 60), false);

        String token = Files.readString(file).trim();
        assertThat(token).startsWith("cairn_");
        assertThat(tokens.find(token)).isPresent();
    }
}
