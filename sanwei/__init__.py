"""sanwei (三微): a township's policy-outreach campaign, end to end."""
