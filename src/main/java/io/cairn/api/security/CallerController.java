package io.cairn.api.security;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is to Cairn, so a client (the console) offers only what the caller's role allows. */
@RestController
@Tag(name = "Caller", description = "The authenticated caller")
class CallerController {

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's name and role (the highest it holds)")
    Caller me(Authentication authentication) {
        List<String> held = authentication.getAuthorities().stream()
                .map(authority -> authority.getAuthority())
                .toList();
        Role role = Arrays.stream(Role.values())
                .filter(candidate -> held.contains("ROLE_" + candidate.name()))
                .max(Comparator.naturalOrder())
                .orElse(Role.VIEWER);
        return new Caller(authentication.getName(), role);
    }

    record Caller(String name, Role role) {}
}
