/**
 * Authentication and authorisation of the HTTP API: API tokens and JWTs with roles, the agent
 * channel's signatures, per-job rate limits.
 */
package io.cairn.api.security;
