"""The Cài đặt page: language, warnings, the data folder, and sections other areas add."""
