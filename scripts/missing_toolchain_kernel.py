"""A stand-in for the course's Go kernel when its toolchain is missing (see kernel.sh): every cell
gets one line saying what is missing and how to fix it, instead of a kernel that dies at start."""

import sys

from ipykernel.kernelapp import IPKernelApp
from ipykernel.kernelbase import Kernel

MESSAGE = sys.argv.pop()


class MissingToolchain(Kernel):
    implementation = "descent-missing-toolchain"
    implementation_version = "1"
    language_info = {"name": "go", "mimetype": "text/x-go", "file_extension": ".go"}
    banner = MESSAGE

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        self.send_response(self.iopub_socket, "stream", {"name": "stderr", "text": MESSAGE + "\n"})
        return {"status": "error", "execution_count": self.execution_count,
                "ename": "MissingToolchain", "evalue": MESSAGE, "traceback": []}


if __name__ == "__main__":
    IPKernelApp.launch_instance(kernel_class=MissingToolchain)
