"""What handlers call: finding cars, cloud clients per account, running commands."""
