#!/usr/bin/env python
from trithuc.cli import main

if __name__ == "__main__":
    main()
