package org.xpush.android;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that calls Android APIs newer than API 26, each behind a {@code Build.VERSION.SDK_INT} check:
 * animal-sniffer (which checks the module against API 26) skips what it marks. Keep such methods tiny.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
@interface NewerApi {
    /** The API level the method needs, for the reader. */
    int value();
}
