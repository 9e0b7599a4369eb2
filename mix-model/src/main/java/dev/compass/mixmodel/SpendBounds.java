package dev.compass.mixmodel;

/** Weekly spend bounds of one channel. */
public record SpendBounds(double min, double max) {
}
