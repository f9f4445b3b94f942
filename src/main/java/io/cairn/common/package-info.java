/**
 * The small shared kernel every feature may use: the base of domain exceptions (which the
 * {@code api} package turns into problem responses) and the page record lists are returned in.
 * It depends on nothing else of Cairn.
 */
package io.cairn.common;
