from trithuc.cli import main

main()
