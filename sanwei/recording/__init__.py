"""Fast recording by staff: tick attendance from the roster on a phone, whole households at once, paper sign-in sheets printed and imported."""
