/**
 * Cross-cutting web concerns only: every error as an RFC 9457 problem response with a stable
 * type, the request body limit, and the OpenAPI description. It knows no feature: domain
 * exceptions reach it through {@link io.cairn.common.DomainException}.
 */
package io.cairn.api;
