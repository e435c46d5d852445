#include "app.h"

int main(int argc, char** argv) {
    return thomas::cli::run(argc, argv);
}
