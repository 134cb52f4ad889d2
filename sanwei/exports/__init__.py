"""Exports: lists of persons, households, party members, volunteers and an activity's
attendance as .xlsx or .csv, with personal fields masked unless asked and permitted."""
