/**
 * The HTTP API: JSON requests validated at the edge, and every error as an RFC 9457 problem
 * detail naming the offending field.
 */
@NullMarked
package io.eventcore.sample.web;

import org.jspecify.annotations.NullMarked;
