/**
 * Learning-rate schedules: {@link dev.rewind.optim.schedule.Schedule} is a function of the step
 * (counted from 0); {@link dev.rewind.optim.schedule.Schedules} builds the decays of the course.
 */
package dev.rewind.optim.schedule;
