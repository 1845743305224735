//go:build !amd64.v3

#include "textflag.h"

// func adamStepAVX2(params, grad, m, v []float64, b1, c1, b2, c2, step, a, eps, keep, l2 float64)
//
// adamStep four lanes at a time, on the first len(params)&^3 elements, with the
// operations of the Go loop in the same order and no FMA, so the results are bit-identical:
//
//	g  = grad + l2*p
//	mi = b1*m + c1*g
//	vi = b2*v + (c2*g)*g
//	m, v = mi, vi
//	p  = keep*p - (step*mi)/(a*sqrt(vi) + eps)
//
// grad, m and v must be at least as long as params.
TEXT ·adamStepAVX2(SB), NOSPLIT, $0-168
	MOVQ params_base+0(FP), SI
	MOVQ params_len+8(FP), CX
	MOVQ grad_base+24(FP), DX
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	ANDQ $~3, CX
	JZ   done

	VBROADCASTSD b1+96(FP), Y8
	VBROADCASTSD c1+104(FP), Y9
	VBROADCASTSD b2+112(FP), Y10
	VBROADCASTSD c2+120(FP), Y11
	VBROADCASTSD step+128(FP), Y12
	VBROADCASTSD a+136(FP), Y13
	VBROADCASTSD eps+144(FP), Y14
	VBROADCASTSD keep+152(FP), Y15
	VBROADCASTSD l2+160(FP), Y7
	XORQ AX, AX

loop:
	VMOVUPD (SI)(AX*8), Y0      // p
	VMULPD  Y7, Y0, Y1          // l2*p
	VADDPD  (DX)(AX*8), Y1, Y1  // g = grad + l2*p
	VMULPD  (R8)(AX*8), Y8, Y2  // b1*m
	VMULPD  Y9, Y1, Y3          // c1*g
	VADDPD  Y3, Y2, Y2          // mi = b1*m + c1*g
	VMULPD  (R9)(AX*8), Y10, Y3 // b2*v
	VMULPD  Y11, Y1, Y4         // c2*g
	VMULPD  Y1, Y4, Y4          // (c2*g)*g
	VADDPD  Y4, Y3, Y3          // vi = b2*v + c2*g*g
	VMOVUPD Y2, (R8)(AX*8)      // m = mi
	VMOVUPD Y3, (R9)(AX*8)      // v = vi
	VSQRTPD Y3, Y4              // sqrt(vi)
	VMULPD  Y13, Y4, Y4         // a*sqrt(vi)
	VADDPD  Y14, Y4, Y4         // a*sqrt(vi) + eps
	VMULPD  Y12, Y2, Y5         // step*mi
	VDIVPD  Y4, Y5, Y5          // step*mi/(a*sqrt(vi) + eps)
	VMULPD  Y15, Y0, Y0         // keep*p
	VSUBPD  Y5, Y0, Y0          // keep*p - step*mi/(...)
	VMOVUPD Y0, (SI)(AX*8)
	ADDQ    $4, AX
	CMPQ    AX, CX
	JLT     loop
	VZEROUPPER

done:
	RET
