/** Event classes found by the auto-configuration's package scan in tests. */
@NullMarked
package io.eventcore.autoconfigure.scan;

import org.jspecify.annotations.NullMarked;
