package io.cairn.api.security;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a caller of the API may do; each role includes the ones below it. */
public enum Role {
    /** Reads jobs, checkpoints, restores, metrics. */
    VIEWER,
    /** Also registers jobs, triggers checkpoints and savepoints, restores, ends jobs. */
    OPERATOR,
    /** Also deletes checkpoints, sweeps orphans, changes checkpointing, rotates agent secrets. */
    ADMIN;

    /** This role's authorities: {@code ROLE_<name>} of itself and of every role it includes. */
    List<GrantedAuthority> authorities() {
        return Arrays.stream(values())
                .filter(role -> role.ordinal() <= ordinal())
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList();
    }
}
