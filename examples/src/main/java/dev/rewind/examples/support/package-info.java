/** What the example programs share: output folders, PNG charts, tables. */
package dev.rewind.examples.support;
