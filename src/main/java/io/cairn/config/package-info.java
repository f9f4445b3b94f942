/**
 * Application-wide wiring that belongs to no single feature: the clock every feature reads time
 * from, and the crash points the crash tests arm. Each feature keeps its own
 * {@code @ConfigurationProperties} record beside it.
 */
package io.cairn.config;
